package io.ddiffusion.worker.providers;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, bounded by a total time budget: attempt n waits a random time in
 * [0, min(max, base·2ⁿ)], or what the provider asked for with {@code Retry-After}.
 */
public record Backoff(Duration base, Duration max, Duration budget, int maxAttempts) {

    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(3), 8);
    }

    /**
     * The pause before retry number {@code attempt} (1-based): what the provider asked for with
     * {@code Retry-After} when given (the caller gives up if that exceeds its budget), otherwise jittered.
     */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        long cap = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(20, attempt - 1)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
