package io.ddiffusion.core.store;

/**
 * An Idempotency-Key was used again, in the same scope and while its record lives, for a request with another
 * fingerprint. Nothing was created; the recorded task is left alone.
 */
public class IdempotencyMismatchException extends RuntimeException {
    private final String key;

    public IdempotencyMismatchException(String key) {
        super("idempotency key '" + key + "' was used for a different request", null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
