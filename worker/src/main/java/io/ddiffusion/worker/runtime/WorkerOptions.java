package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.core.config.Settings.QueueSettings;
import io.ddiffusion.schema.common.Queue;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * How one worker runs: which queues it serves with which concurrency and time limits, how often it heartbeats, how
 * many deliveries a task may have before it is failed, and how long a shutdown waits for running tasks.
 */
public record WorkerOptions(
        Map<Queue, QueueSettings> queues,
        Duration heartbeatInterval,
        int maxDeliveries,
        Duration shutdownGrace) {

    public WorkerOptions {
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one queue");
        }
        queues = Map.copyOf(queues);
    }

    /** A heartbeat is valid this long: several missed beats before a worker counts as dead. */
    public Duration heartbeatTtl() {
        return heartbeatInterval.multipliedBy(5);
    }

    /** Options from settings, for the given queues (all three in the embedded mode). */
    public static WorkerOptions from(Settings settings, Set<Queue> served) {
        Map<Queue, QueueSettings> q = new EnumMap<>(Queue.class);
        served.forEach(s -> q.put(s, settings.queue(s)));
        return new WorkerOptions(q, settings.heartbeatInterval(), settings.maxDeliveries(), settings.shutdownGrace());
    }
}
