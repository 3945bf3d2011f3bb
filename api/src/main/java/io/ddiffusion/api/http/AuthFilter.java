package io.ddiffusion.api.http;

import io.ddiffusion.core.store.IdempotencyRecord;
import io.ddiffusion.core.store.TaskIntake;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API route except files (signed instead), health and docs. User keys work on task routes
 * (checked by {@link UserKeys}, as on {@code /mcp}), the admin key only on {@code /api/admin}. Also the backlog
 * guard: a submit is refused with 429 while too many tasks wait, before its body is read. A submit's
 * {@code Idempotency-Key} is checked here too, before its body is read.
 */
public class AuthFilter {
    private static final Logger LOG = Logger.getLogger(AuthFilter.class);
    private static final Set<String> SUBMIT_PATHS = Set.of("/api/images", "/api/texts", "/api/videos",
            "/api/workflows");

    @Inject
    UserKeys userKeys;
    @Inject
    AdminKey adminKey;
    @Inject
    Backlog backlog;
    @Inject
    ApiSettings settings;
    @Inject
    Caller caller;
    @Inject
    TaskIntake intake;
    @Inject
    IdempotentRequest idempotent;

    /** Refuses oversized bodies before reading them, with a message (Vert.x' own limit answers without one). */
    @ServerRequestFilter(preMatching = true)
    public void limitBody(ContainerRequestContext ctx) {
        String length = ctx.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > settings.maxBodyBytes()) {
                    throw new ApiException(413, tooLarge(length.trim(), settings.maxBodyBytes()));
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "Invalid Content-Length");
            }
        }
    }

    static String tooLarge(String length, long limit) {
        return "Request body of " + length + " bytes exceeds the limit of " + limit + " bytes (DDIFFUSION_MAX_BODY_MB)";
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext ctx, HttpServerRequest http) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/") || path.startsWith("/api/files/")) {
            return;
        }
        if (path.startsWith("/api/admin")) {
            String token = UserKeys.bearer(ctx.getHeaderString("Authorization"));
            if (token == null) {
                throw UserKeys.unauthenticated();
            }
            if (!adminKey.matches(token)) {
                throw ApiException.forbidden("Forbidden: admin routes need the admin key");
            }
            return;
        }
        Authenticated who = userKeys.authenticate(ctx.getHeaderString("Authorization"), ctx::getHeaderString,
                http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
        caller.set(who);
        LOG.debugf("[Auth] %s (%s) -> %s %s", who.identity().keyName(), who.identity().userId(), ctx.getMethod(),
                path);
        if ("POST".equals(ctx.getMethod()) && SUBMIT_PATHS.contains(path)) {
            Optional<String> key = IdempotencyKeys.parse(ctx.getHeaders().get(IdempotencyKeys.HEADER));
            Optional<IdempotencyRecord> recorded = key.flatMap(k -> intake.idempotency(who.key().keyId(), k));
            key.ifPresent(k -> ctx.setEntityStream(idempotent.start(k, ctx.getMethod(), path, recorded,
                    ctx.getEntityStream())));
            if (recorded.isEmpty()) {
                // why: a replay creates nothing, so a full backlog does not refuse it (the client gets its task)
                backlog.check();
            }
        }
    }
}
