package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.Capabilities;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.schema.common.Queue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Sends a task this worker cannot run to a worker that can. Workers of one queue read the same stream, so a worker
 * without, say, a provider's credentials may take a task that a better-equipped worker of the queue could run: it
 * hands the task back rather than fail it, and stops taking from that queue for a moment so the other worker gets it.
 * A task no live worker can run is left to fail with the reason, as before.
 */
final class Routing {
    /** How long a worker leaves a queue alone after handing a task back to it. */
    static final Duration PAUSE_AFTER_HAND_OFF = Duration.ofSeconds(1);

    private final String workerId;
    private final TaskQueue queue;
    private final Supplier<Capabilities> own;
    private final Map<Queue, Long> pausedUntilNanos = new ConcurrentHashMap<>();

    /** @param own what this worker can run, as its heartbeat last published */
    Routing(String workerId, TaskQueue queue, Supplier<Capabilities> own) {
        this.workerId = workerId;
        this.queue = queue;
        this.own = own;
    }

    /**
     * Why this worker should hand {@code taskName} to another one: it cannot run it (the reason), and another live
     * worker of {@code q} says it can. Empty otherwise, also when the broker cannot tell.
     */
    Optional<String> handOff(Queue q, String taskName) {
        Optional<String> cannot = own.get().cannotRun(taskName);
        if (cannot.isEmpty()) {
            return Optional.empty();
        }
        try {
            boolean another = queue.workers().stream().anyMatch(w -> !w.id().equals(workerId) && w.serves(q.id())
                    && w.capabilities().canRun(taskName));
            return another ? cannot : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** This worker leaves {@code q} alone for {@link #PAUSE_AFTER_HAND_OFF}. */
    void pause(Queue q) {
        pausedUntilNanos.put(q, System.nanoTime() + PAUSE_AFTER_HAND_OFF.toNanos());
    }

    /** Waits while {@code q} is paused. */
    void awaitTurn(Queue q) throws InterruptedException {
        Long until = pausedUntilNanos.get(q);
        if (until != null) {
            long left = until - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
    }
}
