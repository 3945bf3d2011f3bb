package io.ddiffusion.api.http;

import io.ddiffusion.core.store.IdempotencyRecord;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The Idempotency-Key of the create being handled, if it has one: set by {@link AuthFilter} (the checked header and
 * the key's record as it was before the body was read), completed by {@link FingerprintingReader} (the body's
 * fingerprint), read by the task submitter.
 */
@RequestScoped
public class IdempotentRequest {
    private String key;
    private String method;
    private String path;
    private IdempotencyRecord recorded;
    private String fingerprint;

    void start(String key, String method, String path, Optional<IdempotencyRecord> recorded) {
        this.key = key;
        this.method = method;
        this.path = path;
        this.recorded = recorded.orElse(null);
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
     * The fingerprint of method, path and body.
     *
     * @throws IllegalStateException when the body was not read through {@link FingerprintingReader}
     */
    public String fingerprint() {
        if (fingerprint == null) {
            throw new IllegalStateException("the body of a create with an Idempotency-Key was not fingerprinted");
        }
        return fingerprint;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    void fingerprinted(String fingerprint) {
        this.fingerprint = fingerprint;
    }
}
