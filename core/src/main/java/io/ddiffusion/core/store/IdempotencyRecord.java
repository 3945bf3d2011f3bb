package io.ddiffusion.core.store;

import java.time.Instant;
import java.util.UUID;

/**
 * What an Idempotency-Key stands for while its record lives: the fingerprint of the request that first used it, the
 * task that request created, and when.
 */
public record IdempotencyRecord(String fingerprint, UUID taskId, Instant created) {

    /** Whether a request with {@code fingerprint} is a replay of the recorded one (else: a different request). */
    public boolean matches(String fingerprint) {
        return this.fingerprint.equals(fingerprint);
    }
}
