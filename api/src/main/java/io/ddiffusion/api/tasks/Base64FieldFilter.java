package io.ddiffusion.api.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads the body of a request whose type has base64 fields through a {@link Base64FieldStream}, so long inputs are
 * decoded as they arrive instead of being held whole by the JSON parser. Runs after authentication, whose
 * Idempotency-Key check fingerprints the body as it was sent.
 */
public class Base64FieldFilter {
    private final Map<Method, Set<String>> pathsByMethod = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;
    @Inject
    SpooledInputs spooled;

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public void decodeWhileReading(ContainerRequestContext ctx, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !"POST".equals(ctx.getMethod())) {
            return;
        }
        Set<String> paths = pathsByMethod.computeIfAbsent(method, this::base64Paths);
        if (!paths.isEmpty()) {
            ctx.setEntityStream(new Base64FieldStream(ctx.getEntityStream(), paths, spooled));
        }
    }

    private Set<String> base64Paths(Method method) {
        Set<String> paths = new HashSet<>();
        for (Class<?> parameter : method.getParameterTypes()) {
            paths.addAll(Base64InputFields.pathsOf(mapper, parameter));
        }
        return Set.copyOf(paths);
    }
}
