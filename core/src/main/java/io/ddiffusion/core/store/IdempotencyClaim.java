package io.ddiffusion.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * A submit made under an {@code Idempotency-Key}: the task is created only if no record exists for
 * ({@code scope}, {@code key}), and the record is written in the same step as the task, so no reservation can be
 * left behind without its task (an API node that dies between two writes would otherwise block the key).
 *
 * @param scope whose key it is: the API key's id, so two API keys never see each other's records
 * @param key the client's Idempotency-Key, already checked by the API (length, characters)
 * @param fingerprint what identifies the request (a hash of method, path and body): a replay must match it
 * @param ttl how long the record is kept after the task was created
 */
public record IdempotencyClaim(String scope, String key, String fingerprint, Duration ttl) {
    public IdempotencyClaim {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
    }
}
