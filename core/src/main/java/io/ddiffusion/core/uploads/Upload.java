package io.ddiffusion.core.uploads;

import io.ddiffusion.core.media.MediaFormat;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file uploaded for later tasks: stored under {@code storageKey}, owned by the API key {@code keyId}, usable until
 * {@code expiresAt}. {@code width} and {@code height} are the dimensions an image's header declares (null for a video).
 */
public record Upload(String id, String keyId, String storageKey, MediaFormat format, long size, Integer width,
        Integer height, Instant createdAt, Instant expiresAt) {
    /** 128 random bits as 32 lower-case hex digits. */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public Upload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(storageKey, "storageKey");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an upload id is 32 hex digits");
        }
    }

    /** A new unguessable id: knowing one upload's id tells nothing about another's. */
    public static String newId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /** Whether {@code keyId} may use this upload at {@code now}: its own key, not expired. */
    public boolean usableBy(String keyId, Instant now) {
        return this.keyId.equals(keyId) && now.isBefore(expiresAt);
    }
}
