package io.ddiffusion.api.http;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.core.keys.KeyStore;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.schema.common.Identity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API route except files (signed instead), health and docs. User keys work on task routes, the
 * admin key only on {@code /api/admin}. Also the backlog guard: a submit is refused with 429 while too many tasks
 * wait, before its body is read.
 */
public class AuthFilter {
    private static final Logger LOG = Logger.getLogger(AuthFilter.class);
    private static final Set<String> SUBMIT_PATHS = Set.of("/api/images", "/api/texts", "/api/videos",
            "/api/workflows");
    private static final int MAX_HEADER_CHARS = 128;

    @Inject
    KeyStore keys;
    @Inject
    AdminKey adminKey;
    @Inject
    TaskQueue queue;
    @Inject
    Settings settings;
    @Inject
    Caller caller;

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
        String token = bearer(ctx.getHeaderString("Authorization"));
        if (path.startsWith("/api/admin")) {
            if (token == null) {
                throw unauthenticated();
            }
            if (!adminKey.matches(token)) {
                throw ApiException.forbidden("Forbidden: admin routes need the admin key");
            }
            return;
        }
        if (token == null) {
            throw unauthenticated();
        }
        Optional<ApiKey> key = keys.verify(token);
        if (key.isEmpty()) {
            throw ApiException.forbidden(adminKey.matches(token)
                    ? "The admin key only works on /api/admin routes; create an API key with it and use that"
                    : "Invalid or revoked token");
        }
        Identity identity = new Identity(header(ctx, "x-user-id"), header(ctx, "x-machine-id"), clientIp(http),
                key.get().name(), key.get().keyId());
        caller.set(key.get(), identity);
        LOG.debugf("[Auth] %s (%s) -> %s %s", identity.keyName(), identity.userId(), ctx.getMethod(), path);
        if ("POST".equals(ctx.getMethod()) && SUBMIT_PATHS.contains(path)) {
            checkBacklog();
        }
    }

    private void checkBacklog() {
        int waiting = queue.waitingInAllQueues(); // one constant-time script on Redis (see RedisTaskQueue)
        if (waiting >= settings.taskBacklogLimit()) {
            throw new ApiException(429, "Too many waiting tasks " + waiting + " / " + settings.taskBacklogLimit()
                    + ", please try later", Map.of("Retry-After", "30"));
        }
    }

    private static ApiException unauthenticated() {
        return new ApiException(401, "Not authenticated: send the header 'Authorization: Bearer <api key>'",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /** The token of {@code Bearer <token>}; a bare token is accepted too, as the original did. */
    static String bearer(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        if (h.equalsIgnoreCase("Bearer")) {
            return null; // why: a scheme without a token is a missing credential (401), not a wrong one (403)
        }
        if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            h = h.substring(7).trim();
        }
        return h.isEmpty() ? null : h;
    }

    private static String header(ContainerRequestContext ctx, String name) {
        String v = ctx.getHeaderString(name);
        if (v == null || v.isBlank()) {
            return "unknown";
        }
        v = v.strip().replaceAll("\\p{Cntrl}", "");
        return v.length() > MAX_HEADER_CHARS ? v.substring(0, MAX_HEADER_CHARS) : v;
    }

    private static String clientIp(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
