package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.Capabilities;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.WorkerStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps a worker alive in the broker's eyes and tells everyone what it is: each beat renews its heartbeat and
 * publishes its status (queues and slots, running tasks, models in memory, and which models it can run now).
 */
final class Heartbeat {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class);
    /**
     * How often the worker re-checks what it can run (credentials, weights in the cache, later the sidecar). why:
     * the checks read files and may reach a sidecar, so not on every beat; a model pulled while the worker runs
     * shows up in {@code /models} within this.
     */
    static final Duration CAPABILITY_REFRESH = Duration.ofSeconds(10);
    private static final String HOST = hostName();

    private final String workerId;
    private final TaskQueue queue;
    private final HandlerRegistry handlers;
    private final WorkerOptions options;
    private final Clock clock;
    private final IntSupplier running;
    private final BrokerWatch broker;
    private volatile Instant startedAt;
    private volatile Capabilities capabilities = Capabilities.NONE;
    private volatile long capabilitiesCheckedNanos;

    Heartbeat(String workerId, TaskQueue queue, HandlerRegistry handlers, WorkerOptions options, Clock clock,
            IntSupplier running, BrokerWatch broker) {
        this.workerId = workerId;
        this.queue = queue;
        this.handlers = handlers;
        this.options = options;
        this.clock = clock;
        this.running = running;
        this.broker = broker;
    }

    /** The first beat, before the worker takes any task; a broker error here stops the start. */
    void first() {
        startedAt = clock.instant();
        refreshCapabilities();
        queue.heartbeat(workerId, options.heartbeatTtl(), status());
        broker.heartbeatStored();
    }

    /** A scheduled beat; a broker error is logged and the next beat tries again. */
    void beat() {
        try {
            if (System.nanoTime() - capabilitiesCheckedNanos >= CAPABILITY_REFRESH.toNanos()) {
                refreshCapabilities();
            }
            queue.heartbeat(workerId, options.heartbeatTtl(), status());
            broker.heartbeatStored();
        } catch (RuntimeException e) {
            broker.failed();
            LOG.warnf("Worker %s heartbeat failed: %s", workerId, e.getMessage());
        }
    }

    /** What this worker publishes: queues and slots, running tasks, models in memory, what it can run. */
    WorkerStatus status() {
        Map<String, Integer> queues = new TreeMap<>();
        options.queues().forEach((q, s) -> queues.put(q.id(), s.concurrency()));
        return new WorkerStatus(workerId, HOST, queues, running.getAsInt(), handlers.loadedModels(),
                handlers.device().orElse(null), startedAt, clock.instant(), capabilities);
    }

    /** What this worker can run, as last published. */
    Capabilities capabilities() {
        return capabilities;
    }

    /** Re-checks which models of its queues this worker can run; published with the next beat. */
    void refreshCapabilities() {
        capabilities = handlers.capabilities(options.queues().keySet());
        capabilitiesCheckedNanos = System.nanoTime();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
