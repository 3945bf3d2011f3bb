package io.ddiffusion.api.http;

import io.ddiffusion.core.store.IdempotencyRecord;
import jakarta.enterprise.context.RequestScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The Idempotency-Key of the create being handled, if it has one: set by {@link AuthFilter} (the checked header, the
 * key's record as it was before the body was read, and the body stream that hashes what the JSON reader reads), read
 * by the task submitter.
 *
 * <p>why a wrapped body stream rather than a {@code ReaderInterceptor}: with any reader interceptor, RESTEasy Reactive
 * reads the resource method's parameter annotations by reflection on every request with a body (1.9 % of the API's
 * CPU in the end-to-end benchmark), whether or not the request has a key.
 */
@RequestScoped
public class IdempotentRequest {
    private String key;
    private IdempotencyRecord recorded;
    private RequestFingerprint hashing;
    private InputStream hashed;
    private String fingerprint;

    /** Starts a create under {@code key}; returns {@code body} as the stream the request must be read from. */
    InputStream start(String key, String method, String path, Optional<IdempotencyRecord> recorded,
            InputStream body) {
        this.key = key;
        this.recorded = recorded.orElse(null);
        this.hashing = RequestFingerprint.of(method, path);
        this.hashed = hashing.reading(body);
        return hashed;
    }

    /** The request's Idempotency-Key; empty when it sent none (or is not a create). */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The key's record found before the body was read, if there was one. */
    public Optional<IdempotencyRecord> recorded() {
        return Optional.ofNullable(recorded);
    }

    /**
     * The fingerprint of method, path and body, once the body has been parsed (what the parser left unread is hashed
     * now).
     *
     * @throws IllegalStateException when the request has no key
     */
    public String fingerprint() {
        if (hashing == null) {
            throw new IllegalStateException("the create has no Idempotency-Key, so its body was not fingerprinted");
        }
        if (fingerprint == null) {
            try {
                fingerprint = hashing.finish(hashed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fingerprint;
    }
}
