package io.ddiffusion.api.http;

import io.ddiffusion.core.keys.ApiKey;
import io.ddiffusion.core.keys.KeyStore;
import io.ddiffusion.schema.common.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Checks a user API key the one way every entrance uses (the REST routes and {@code /mcp}): no key → 401 saying how
 * to send one; an unknown, revoked or admin key → 403. May block (the key store can be Redis).
 */
@ApplicationScoped
public class UserKeys {
    private static final int MAX_HEADER_CHARS = 128;

    @Inject
    KeyStore keys;
    @Inject
    AdminKey adminKey;

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param header        reads the other request headers ({@code x-user-id}, {@code x-machine-id})
     * @param clientIp      the peer address, or null
     */
    public Authenticated authenticate(String authorization, UnaryOperator<String> header, String clientIp) {
        String token = bearer(authorization);
        if (token == null) {
            throw unauthenticated();
        }
        Optional<ApiKey> key = keys.verify(token);
        if (key.isEmpty()) {
            throw ApiException.forbidden(adminKey.matches(token)
                    ? "The admin key only works on /api/admin routes; create an API key with it and use that"
                    : "Invalid or revoked token");
        }
        Identity identity = new Identity(identityHeader(header.apply("x-user-id")),
                identityHeader(header.apply("x-machine-id")), clientIp == null ? "unknown" : clientIp,
                key.get().name(), key.get().keyId());
        return new Authenticated(key.get(), identity);
    }

    static ApiException unauthenticated() {
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

    private static String identityHeader(String v) {
        if (v == null || v.isBlank()) {
            return "unknown";
        }
        v = v.strip().replaceAll("\\p{Cntrl}", "");
        return v.length() > MAX_HEADER_CHARS ? v.substring(0, MAX_HEADER_CHARS) : v;
    }
}
