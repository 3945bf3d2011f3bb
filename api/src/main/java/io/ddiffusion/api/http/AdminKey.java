package io.ddiffusion.api.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The admin key in effect (configured, or generated in the embedded mode), compared in constant time. */
public record AdminKey(String value) {
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminKey[***]";
    }
}
