package io.ddiffusion.worker.runtime;

import java.time.Duration;

/**
 * Whether this worker has been able to reach the broker, and since when without a break. why: during an outage no
 * worker can heartbeat, so every heartbeat expires; a worker that reclaimed as soon as the broker answered again would
 * take the tasks of workers that are alive and running them. Reclaiming waits until the broker has answered for a
 * whole heartbeat time-out, so every live worker has had the chance to heartbeat again.
 */
final class BrokerWatch {
    private volatile long steadySinceNanos = System.nanoTime();
    private volatile boolean failing;

    /** A broker call failed. */
    void failed() {
        failing = true;
    }

    /** A broker call succeeded; after failures, the steady period starts again now. */
    void answered() {
        if (failing) {
            failing = false;
            steadySinceNanos = System.nanoTime();
        }
    }

    /** Whether the broker has answered every call for at least {@code period} (counting from the worker's start). */
    boolean steadyFor(Duration period) {
        return !failing && System.nanoTime() - steadySinceNanos >= period.toNanos();
    }
}
