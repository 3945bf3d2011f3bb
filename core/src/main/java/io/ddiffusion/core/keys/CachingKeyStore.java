package io.ddiffusion.core.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful verifications for a short time, so a busy API does not ask Redis (or the key file) on every
 * request. A revocation through this process takes effect at once; one made by another API process within
 * {@code ttl}. Only verified keys are cached, under a hash of the token, never the token itself.
 */
public final class CachingKeyStore implements KeyStore {
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(ApiKey key, Instant until) {
    }

    private final KeyStore delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    public CachingKeyStore(KeyStore delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public CreatedKey create(String name) {
        return delegate.create(name);
    }

    @Override
    public Optional<ApiKey> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String id = fingerprint(token);
        Instant now = clock.instant();
        Entry e = verified.get(id);
        if (e != null && now.isBefore(e.until)) {
            return Optional.of(e.key);
        }
        Optional<ApiKey> key = delegate.verify(token);
        if (key.isPresent()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(id, new Entry(key.get(), now.plus(ttl)));
        } else {
            verified.remove(id);
        }
        return key;
    }

    @Override
    public List<ApiKey> list() {
        return delegate.list();
    }

    @Override
    public boolean delete(String keyId) {
        boolean deleted = delegate.delete(keyId);
        verified.values().removeIf(e -> e.key.keyId().equals(keyId));
        return deleted;
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static String fingerprint(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
