package io.ddiffusion.worker.providers.replicate;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a prediction's poller waits before each poll: {@code first}, then half as long again each time up to
 * {@code max} (1 s, 1.5, 2.25, 3.4, then 5 s for Replicate), so a long prediction costs a poll every {@code max} and a
 * short one is seen done soon. Each wait is shortened at random by up to a fifth. why: predictions created together (a
 * burst of tasks, or a worker taking over many at once) would otherwise poll in lockstep, every poll of the burst at
 * the same instant.
 */
record PollSchedule(Duration first, Duration max) {

    /** The interval after {@code previous} milliseconds, before jitter. */
    long after(long previous) {
        return Math.min(max.toMillis(), Math.max(previous + 1, previous * 3 / 2));
    }

    /** What to sleep for an interval of {@code interval} ms: between four fifths of it and all of it. */
    static long jittered(long interval) {
        return interval - ThreadLocalRandom.current().nextLong(interval / 5 + 1);
    }
}
