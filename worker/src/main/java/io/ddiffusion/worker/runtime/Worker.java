package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.schema.common.Queue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A stateless worker: per queue, it claims as many tasks as it has free slots, runs each on a virtual thread,
 * heartbeats so its tasks are never given to another worker while it lives, reclaims tasks of workers that died,
 * stops tasks that are cancelled or run past their time limits, and acknowledges an entry only after the task's
 * result is stored.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Worker.class);
    /** How long a dispatcher blocks on an empty queue before it looks again (and notices a shutdown). */
    private static final Duration CLAIM_WAIT = Duration.ofMillis(500);
    /** How often running tasks are checked for cancellation and time limits. */
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    /** The first and the longest pause after the broker refused a claim. */
    private static final Duration CLAIM_RETRY_MIN = Duration.ofMillis(100);
    private static final Duration CLAIM_RETRY_MAX = Duration.ofSeconds(5);
    /** How long stopped handlers get to hand their tasks back before the worker hands them back itself. */
    private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(5);

    private final String id;
    private final TaskQueue queue;
    private final HandlerRegistry handlers;
    private final WorkerOptions options;
    private final Map<Queue, Semaphore> slots = new EnumMap<>(Queue.class);
    private final Map<UUID, RunningTask> running = new ConcurrentHashMap<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final BrokerWatch broker;
    private final Heartbeat heartbeat;
    private final Routing routing;
    private final TaskRunner runner;
    private final TaskMetrics metrics;
    private volatile boolean accepting;

    public Worker(String id, TaskQueue queue, TaskStore store, BlobStorage storage, HandlerRegistry handlers,
            WorkerOptions options, Clock clock) {
        this(id, queue, store, storage, handlers, options, clock, TaskMetrics.discarding());
    }

    /** @param metrics where the worker records its tasks, slots and take-overs ({@link TaskMetrics}) */
    public Worker(String id, TaskQueue queue, TaskStore store, BlobStorage storage, HandlerRegistry handlers,
            WorkerOptions options, Clock clock, TaskMetrics metrics) {
        this.id = id;
        this.metrics = metrics;
        this.queue = queue;
        this.handlers = handlers;
        this.options = options;
        options.queues().forEach((q, s) -> {
            Semaphore free = new Semaphore(s.concurrency());
            slots.put(q, free);
            metrics.slots(q, () -> s.concurrency() - free.availablePermits(), free::availablePermits);
        });
        this.scheduler = Executors.newScheduledThreadPool(1, Thread.ofPlatform().daemon().name("worker-" + id + "-",
                0).factory());
        this.broker = new BrokerWatch(options.heartbeatInterval());
        this.heartbeat = new Heartbeat(id, queue, handlers, options, clock, running::size, broker);
        this.routing = new Routing(id, queue, heartbeat::capabilities);
        this.runner = new TaskRunner(id, queue, store, storage, handlers, options, clock, running, slots, routing,
                new ImageMemory(options.imageMemoryBytes()), options.gpuShared() ? Optional.of(new GpuDevice())
                        : Optional.empty(), metrics);
    }

    public String id() {
        return id;
    }

    /** Starts heartbeating and taking tasks. */
    public synchronized void start() {
        if (accepting) {
            return;
        }
        accepting = true;
        heartbeat.first();
        long beat = options.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(heartbeat::beat, beat, beat, TimeUnit.MILLISECONDS);
        long watch = WATCH_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(() -> runner.watchRunning(WATCH_INTERVAL), watch, watch,
                TimeUnit.MILLISECONDS);
        for (Queue q : slots.keySet()) {
            dispatchers.add(Thread.ofVirtual().name("dispatch-" + q.id()).start(() -> dispatch(q)));
        }
        LOG.infof("Worker %s serving %s with %d handlers%s", id, describeQueues(), handlers.taskNames().size(),
                options.gpuShared() ? "; ONNX Runtime and ComfyUI share its GPU, one task at a time" : "");
    }

    /** How many tasks this worker holds right now. */
    public int runningCount() {
        return running.size();
    }

    /**
     * The one loop that takes work for {@code q}: it holds free slots while it waits, so it never takes more tasks
     * than it can run. Every heartbeat interval it first takes over tasks of dead workers and takes back entries it
     * holds but dropped, but only once the broker has answered for a whole heartbeat time-out (see
     * {@link BrokerWatch}).
     */
    private void dispatch(Queue q) {
        Semaphore free = slots.get(q);
        long backoff = CLAIM_RETRY_MIN.toMillis();
        long nextReclaim = 0;
        while (accepting) {
            try {
                routing.awaitTurn(q);
                free.acquire();
                int n = 1 + free.drainPermits();
                List<Delivery> got = new ArrayList<>();
                try {
                    if (System.nanoTime() >= nextReclaim && broker.steadyFor(options.heartbeatTtl())) {
                        nextReclaim = System.nanoTime() + options.heartbeatInterval().toNanos();
                        List<Delivery> reclaimed = queue.reclaim(q, id, n);
                        if (!reclaimed.isEmpty()) {
                            metrics.reclaimed(q, reclaimed.size());
                        }
                        got.addAll(reclaimed);
                        got.forEach(d -> LOG.infof("[%s] reclaimed by worker %s (delivery %d)", d.taskId(), id,
                                d.deliveryCount()));
                        // why: what was just reclaimed is held and not running yet; taken back too, it would be
                        // delivered twice and run as two copies on this worker
                        Set<String> held = runningEntries(q);
                        got.forEach(d -> held.add(d.entryId()));
                        List<Delivery> back = queue.takeBack(q, id, held, n - got.size());
                        back.forEach(d -> LOG.infof("[%s] taken back by worker %s, which dropped it (delivery %d)",
                                d.taskId(), id, d.deliveryCount()));
                        got.addAll(back);
                    }
                    if (got.isEmpty() && accepting) {
                        got.addAll(queue.claim(q, id, n, CLAIM_WAIT));
                    }
                    broker.answered();
                    backoff = CLAIM_RETRY_MIN.toMillis();
                } catch (RuntimeException e) {
                    broker.failed();
                    LOG.warnf("Worker %s cannot take tasks from %s: %s; retrying in %d ms", id, q.id(),
                            e.getMessage(), backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, CLAIM_RETRY_MAX.toMillis());
                } finally {
                    free.release(n - got.size());
                }
                got.forEach(this::launch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The entries of {@code q} this worker is running. */
    private Set<String> runningEntries(Queue q) {
        Set<String> entries = new HashSet<>();
        running.values().stream().filter(r -> r.delivery.queue() == q).forEach(r -> entries.add(r.delivery.entryId()));
        return entries;
    }

    private void launch(Delivery d) {
        RunningTask r = new RunningTask(d);
        running.put(d.taskId(), r);
        Thread t = Thread.ofVirtual().name("task-" + d.taskId()).unstarted(() -> runner.execute(r));
        r.thread = t;
        t.start();
    }

    /**
     * Stops taking tasks, lets running ones finish within the grace period, then stops the rest and hands them
     * back to their queues, and retires the worker.
     */
    public void shutdown(Duration grace) {
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
        }
        LOG.infof("Worker %s shutting down: %d tasks running, grace %d s", id, running.size(), grace.toSeconds());
        for (Thread t : dispatchers) {
            joinQuietly(t, CLAIM_WAIT.multipliedBy(4));
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(50);
        }
        running.values().forEach(r -> r.stop(CancellationToken.Reason.SHUTDOWN));
        long handBackDeadline = System.nanoTime() + HAND_BACK_WAIT.toNanos();
        while (!running.isEmpty() && System.nanoTime() < handBackDeadline) {
            sleepQuietly(50);
        }
        for (RunningTask r : running.values()) {
            if (r.released.compareAndSet(false, true)) {
                // why: the handler ignores interrupts; give the task to another worker rather than lose it
                runner.handBack(r);
                running.remove(r.delivery.taskId(), r);
            }
        }
        scheduler.shutdownNow();
        try {
            // why: a heartbeat still in flight must not bring the worker back to life after it retires
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.retire(id);
        LOG.infof("Worker %s stopped", id);
    }

    /**
     * Stops at once as if the process had died: no more heartbeats or claims, nothing handed back or acknowledged,
     * running handlers left alone. Its tasks go to other workers through reclaim, and what it can run leaves
     * {@code /models} when its heartbeat expires. For tests of crash recovery.
     */
    public void halt() {
        accepting = false;
        scheduler.shutdownNow();
        dispatchers.forEach(Thread::interrupt);
    }

    @Override
    public void close() {
        shutdown(options.shutdownGrace());
    }

    private String describeQueues() {
        StringBuilder sb = new StringBuilder();
        options.queues().forEach((q, s) -> sb.append(sb.isEmpty() ? "" : ", ").append(q.id()).append(" x")
                .append(s.concurrency()));
        return sb.toString();
    }

    private static void joinQuietly(Thread t, Duration d) {
        try {
            t.join(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
