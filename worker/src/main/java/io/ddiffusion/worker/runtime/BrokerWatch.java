package io.ddiffusion.worker.runtime;

import java.time.Duration;

/**
 * Whether this worker has been in steady contact with the broker, and since when without a break. why: during an
 * outage no worker can heartbeat, so every heartbeat expires; a worker that reclaimed as soon as the broker answered
 * again would take the tasks of workers that are alive and running them. Reclaiming waits until the broker has
 * answered for a whole heartbeat time-out, so every live worker has had the chance to heartbeat again.
 *
 * <p>A failed call is not the only sign of an outage: the Redis client queues the commands of a broken connection
 * and sends them once it has reconnected, so after an outage shorter than its command time-out nothing failed, yet
 * every heartbeat expired. Contact is therefore also lost while this worker's own heartbeats do not get through
 * (more than two beats since the last one stored), and it starts again with the first heartbeat stored after that.
 */
final class BrokerWatch {
    private final long beatsLateNanos;
    private volatile long steadySinceNanos = System.nanoTime();
    private volatile long lastBeatNanos = System.nanoTime();
    private volatile boolean failing;

    /** For a worker that heartbeats every {@code heartbeatInterval}. */
    BrokerWatch(Duration heartbeatInterval) {
        this.beatsLateNanos = heartbeatInterval.multipliedBy(2).toNanos();
    }

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

    /** This worker's heartbeat was stored; after a gap in them, the steady period starts again now. */
    void heartbeatStored() {
        long now = System.nanoTime();
        if (now - lastBeatNanos > beatsLateNanos) {
            steadySinceNanos = now;
        }
        lastBeatNanos = now;
        answered();
    }

    /**
     * Whether the broker has answered every call for at least {@code period} (counting from the worker's start), and
     * this worker's heartbeats are getting through now.
     */
    boolean steadyFor(Duration period) {
        long now = System.nanoTime();
        return !failing && now - lastBeatNanos <= beatsLateNanos && now - steadySinceNanos >= period.toNanos();
    }
}
