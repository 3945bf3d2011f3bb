package io.ddiffusion.core.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The original's signed-URL scheme, so links stay interchangeable: HMAC-SHA256 over
 * {@code GET:storage:<key>:<expires>} with a key derived from a secret, lowercase hex, verified in constant time.
 * With {@link #withDirectLinks} the links handed out point at the object store instead (same lifetime), while
 * {@link #verify} keeps accepting this scheme's links, so the ones given out before a switch go on working.
 */
public final class SignedUrls {
    private static final String DERIVATION_SUFFIX = ":internal-storage-signing-v1";
    private final byte[] signingKey;
    private final String address;
    private final Duration lifetime;
    private final Clock clock;
    private final DirectLinks direct;

    /**
     * @param secret the admin key (as the original) or a dedicated signing secret
     * @param address the base URL clients reach the API at, e.g. {@code http://127.0.0.1:5000}
     */
    public SignedUrls(String secret, String address, Duration lifetime, Clock clock) {
        this(sha256((secret + DERIVATION_SUFFIX).getBytes(StandardCharsets.UTF_8)),
                address.endsWith("/") ? address.substring(0, address.length() - 1) : address, lifetime, clock, null);
    }

    private SignedUrls(byte[] signingKey, String address, Duration lifetime, Clock clock, DirectLinks direct) {
        this.signingKey = signingKey;
        this.address = address;
        this.lifetime = lifetime;
        this.clock = clock;
        this.direct = direct;
    }

    /** These URLs, handing out {@code links}' URLs (e.g. S3 presigned) from {@link #sign} instead of the API's. */
    public SignedUrls withDirectLinks(DirectLinks links) {
        return new SignedUrls(signingKey, address, lifetime, clock, links);
    }

    /** The configured lifetime of a link. */
    public Duration lifetime() {
        return lifetime;
    }

    /** A URL for {@code key} valid for the configured lifetime from now. */
    public URI sign(String key) {
        if (direct != null) {
            return direct.link(StorageKeys.check(key), lifetime);
        }
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        return URI.create(address + "/api/files/" + StorageKeys.check(key) + "?expires=" + expires + "&sig="
                + signature(key, expires));
    }

    /** Whether {@code sig} signs {@code key} until {@code expires} and that moment has not passed. */
    public boolean verify(String key, long expires, String sig) {
        if (sig == null || expires < clock.instant().getEpochSecond()) {
            return false;
        }
        byte[] expected = signature(key, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.UTF_8));
    }

    String signature(String key, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            byte[] raw = mac.doFinal(("GET:storage:" + key + ":" + expires).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(raw);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
