package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.queue.Capabilities;
import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.WorkerStatus;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.IllegalTaskStateException;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * A stateless worker: per queue, it claims as many tasks as it has free slots, runs each on a virtual thread,
 * heartbeats so its tasks are never given to another worker while it lives, reclaims tasks of workers that died,
 * stops tasks that are cancelled or run past their time limits, and acknowledges an entry only after the task's
 * result is stored.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Worker.class);
    private static final Duration CLAIM_WAIT = Duration.ofMillis(500);
    private static final long WATCH_INTERVAL_MS = 250;
    /**
     * How often the worker re-checks what it can run (credentials, weights in the cache, later the sidecar). why:
     * the checks read files and may reach a sidecar, so not on every heartbeat; a model pulled while the worker runs
     * shows up in {@code /models} within this.
     */
    private static final Duration CAPABILITY_REFRESH = Duration.ofSeconds(10);

    private final String id;
    private final TaskQueue queue;
    private final TaskStore store;
    private final BlobStorage storage;
    private final HandlerRegistry handlers;
    private final WorkerOptions options;
    private final Clock clock;
    private final Map<Queue, Semaphore> slots = new EnumMap<>(Queue.class);
    private final Map<UUID, RunningTask> running = new ConcurrentHashMap<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private volatile java.time.Instant startedAt;
    private volatile boolean accepting;
    private volatile Capabilities capabilities = Capabilities.NONE;
    private volatile long capabilitiesCheckedNanos;

    public Worker(String id, TaskQueue queue, TaskStore store, BlobStorage storage, HandlerRegistry handlers,
            WorkerOptions options, Clock clock) {
        this.id = id;
        this.queue = queue;
        this.store = store;
        this.storage = storage;
        this.handlers = handlers;
        this.options = options;
        this.clock = clock;
        options.queues().forEach((q, s) -> slots.put(q, new Semaphore(s.concurrency())));
        this.scheduler = Executors.newScheduledThreadPool(1, Thread.ofPlatform().daemon().name("worker-" + id + "-",
                0).factory());
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
        startedAt = clock.instant();
        refreshCapabilities();
        queue.heartbeat(id, options.heartbeatTtl(), status());
        long beat = options.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::watchRunning, WATCH_INTERVAL_MS, WATCH_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        for (Queue q : slots.keySet()) {
            dispatchers.add(Thread.ofVirtual().name("dispatch-" + q.id()).start(() -> dispatch(q)));
        }
        LOG.infof("Worker %s serving %s with %d handlers", id, describeQueues(), handlers.taskNames().size());
    }

    /** How many tasks this worker holds right now. */
    public int runningCount() {
        return running.size();
    }

    /**
     * The one loop that takes work for {@code q}: it holds free slots while it waits, so it never takes more tasks
     * than it can run; every heartbeat interval it first takes over tasks of dead workers.
     */
    private void dispatch(Queue q) {
        Semaphore free = slots.get(q);
        long backoff = 100;
        long nextReclaim = 0;
        while (accepting) {
            try {
                free.acquire();
                int n = 1 + free.drainPermits();
                List<Delivery> got = new ArrayList<>();
                try {
                    if (System.nanoTime() >= nextReclaim) {
                        nextReclaim = System.nanoTime() + options.heartbeatInterval().toNanos();
                        got.addAll(queue.reclaim(q, id, n));
                        got.forEach(d -> LOG.infof("[%s] reclaimed by worker %s (delivery %d)", d.taskId(), id,
                                d.deliveryCount()));
                    }
                    if (got.isEmpty() && accepting) {
                        got.addAll(queue.claim(q, id, n, CLAIM_WAIT));
                    }
                    backoff = 100;
                } catch (RuntimeException e) {
                    LOG.warnf("Worker %s cannot take tasks from %s: %s; retrying in %d ms", id, q.id(),
                            e.getMessage(), backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 5_000);
                } finally {
                    free.release(n - got.size());
                }
                got.forEach(this::launch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void launch(Delivery d) {
        RunningTask r = new RunningTask(d);
        running.put(d.taskId(), r);
        Thread t = Thread.ofVirtual().name("task-" + d.taskId()).unstarted(() -> execute(r));
        r.thread = t;
        t.start();
    }

    private void beat() {
        try {
            if (System.nanoTime() - capabilitiesCheckedNanos >= CAPABILITY_REFRESH.toNanos()) {
                refreshCapabilities();
            }
            queue.heartbeat(id, options.heartbeatTtl(), status());
        } catch (RuntimeException e) {
            LOG.warnf("Worker %s heartbeat failed: %s", id, e.getMessage());
        }
    }

    /** What this worker publishes with each heartbeat: queues and slots, running tasks, models in memory. */
    WorkerStatus status() {
        Map<String, Integer> queues = new java.util.TreeMap<>();
        options.queues().forEach((q, s) -> queues.put(q.id(), s.concurrency()));
        return new WorkerStatus(id, HOST, queues, running.size(), handlers.loadedModels(),
                handlers.device().orElse(null), startedAt, clock.instant(), capabilities);
    }

    /** Re-checks which models of its queues this worker can run; published with the next heartbeat. */
    void refreshCapabilities() {
        capabilities = handlers.capabilities(options.queues().keySet());
        capabilitiesCheckedNanos = System.nanoTime();
    }

    private static final String HOST = hostName();

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Stops tasks that were revoked or ran past their time limits. */
    private void watchRunning() {
        for (RunningTask r : running.values()) {
            try {
                watch(r);
            } catch (RuntimeException e) {
                LOG.warnf("[%s] cannot check task state: %s", r.delivery.taskId(), e.getMessage());
            }
        }
    }

    private void watch(RunningTask r) {
        if (r.released.get()) {
            return;
        }
        UUID taskId = r.delivery.taskId();
        Optional<Task> t = store.find(taskId);
        if (t.isEmpty() || t.get().status() == TaskStatus.REVOKED) {
            if (r.stop(CancellationToken.Reason.REVOKED)) {
                LOG.infof("[%s] cancelled by its owner; stopping", taskId);
            }
            return;
        }
        long started = r.startedNanos;
        if (started == 0) {
            return;
        }
        var limits = options.queues().get(r.delivery.queue());
        long elapsed = System.nanoTime() - started;
        if (elapsed >= limits.hardTimeLimit().toNanos()) {
            r.stop(CancellationToken.Reason.HARD_TIME_LIMIT);
            String msg = "Task exceeded the hard time limit of " + limits.hardTimeLimit().toSeconds()
                    + " s on the " + r.delivery.queue().id() + " queue; its handler did not stop and was abandoned";
            setFinal(taskId, x -> x.failed(msg, clock.instant()));
            store.appendLog(taskId, msg);
            release(r, true);
        } else if (elapsed >= limits.softTimeLimit().toNanos()
                && r.stop(CancellationToken.Reason.SOFT_TIME_LIMIT)) {
            store.appendLog(taskId, "Soft time limit of " + limits.softTimeLimit().toSeconds() + " s reached; "
                    + "stopping");
        }
    }

    private void execute(RunningTask r) {
        Delivery d = r.delivery;
        UUID taskId = d.taskId();
        RuntimeTaskContext<?> ctx = null;
        boolean handedBack = false;
        Task ended = null;
        try {
            Optional<Task> found = store.find(taskId);
            if (found.isEmpty()) {
                LOG.infof("[%s] skipped: the task expired or was deleted", taskId);
                return;
            }
            Task task = found.get();
            if (task.status().isTerminal()
                    || (task.queueEntry() != null && !d.entryId().equals(task.queueEntry()))) {
                // why: finished before a crash lost the ack, cancelled while waiting, or a superseded entry.
                // A null entry means the submitter has not recorded it yet: this delivery is the one.
                return;
            }
            if (d.deliveryCount() > options.maxDeliveries()) {
                String msg = "Task was taken " + d.deliveryCount() + " times by workers that stopped before it "
                        + "finished (limit " + options.maxDeliveries() + "); it is not retried again";
                setFinal(taskId, x -> x.failed(msg, clock.instant()));
                store.appendLog(taskId, msg);
                return;
            }
            if (task.status() != TaskStatus.PENDING) {
                store.appendLog(taskId, "Worker " + task.worker() + " stopped; task taken over by worker " + id
                        + " (attempt " + d.deliveryCount() + ")");
            }
            UnaryOperator<Task> receive = x -> (x.status() == TaskStatus.PENDING ? x.enqueuedAs(d.entryId())
                    : x.requeued(d.entryId())).received(id, d.deliveryCount());
            TaskHandler<?> handler = handlers.find(task.name()).orElse(null);
            if (handler == null) {
                store.modify(taskId, receive).orElseThrow();
                String msg = "No worker handler for " + task.name() + " in this build (worker " + id + ")";
                setFinal(taskId, x -> x.failed(msg, clock.instant()));
                store.appendLog(taskId, msg);
                return;
            }
            ctx = context(task, handler, r);
            // why: received and started in one write on the version read above: one store call, not four reads
            // and writes (a change meanwhile, such as a cancel, makes it re-read and decide again)
            task = store.modify(task, x -> receive.apply(x).started(clock.instant())).orElseThrow();
            ctx.seen(task);
            r.startedNanos = System.nanoTime();
            ctx.log("Started on worker " + id);
            TaskResult result;
            r.enterHandler();
            try {
                result = run(handler, ctx);
            } finally {
                r.leaveHandler();
            }
            r.token.throwIfCancelled();
            // why: from the newest version this worker wrote (start, progress), so it is one write unless someone
            // else changed the task meanwhile (then it re-reads)
            ended = setFinal(ctx.latest(), x -> x.succeeded(result.files(), result.text(), clock.instant()))
                    .orElse(null);
            LOG.infof("[%s] succeeded", taskId);
        } catch (Throwable e) {
            Optional<CancellationToken.Reason> reason = r.token.reason();
            if (reason.isEmpty() && e instanceof IllegalTaskStateException) {
                // why: revoked or failed by someone else between our reads; nothing left to record
                LOG.debugf("[%s] state changed meanwhile: %s", taskId, e.getMessage());
            } else if (reason.isEmpty()) {
                fail(taskId, e);
            } else {
                handedBack = onCancelled(r, reason.get());
            }
        } finally {
            // why: the task as this worker's final write left it needs no read to know it; otherwise it is read once
            Task last = ended;
            try {
                if (ctx != null && !handedBack) {
                    if (last == null) {
                        last = store.find(taskId).orElse(null);
                    }
                    if (last == null || last.status() != TaskStatus.SUCCESS) {
                        deleteQuietly(ctx.written());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("[%s] cannot clean up outputs: %s", taskId, e.getMessage());
            } finally {
                release(r, !handedBack, last);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> TaskResult run(TaskHandler<R> handler, RuntimeTaskContext<?> ctx) throws Exception {
        return handler.run((TaskContext<R>) ctx);
    }

    private <R> RuntimeTaskContext<R> context(Task task, TaskHandler<R> handler, RunningTask r) throws Exception {
        R request = Json.MAPPER.readValue(task.request(), handler.requestType());
        return new RuntimeTaskContext<>(task, request, r, store, storage);
    }

    /** Records how a cancelled task ended; returns true when it went back to the queue. */
    private boolean onCancelled(RunningTask r, CancellationToken.Reason reason) {
        UUID taskId = r.delivery.taskId();
        switch (reason) {
            case REVOKED -> {
                store.appendLog(taskId, "Cancelled while running; stopped");
                LOG.infof("[%s] stopped after cancellation", taskId);
            }
            case SOFT_TIME_LIMIT -> {
                var limit = options.queues().get(r.delivery.queue()).softTimeLimit().toSeconds();
                setFinal(taskId, x -> x.failed("Task exceeded the soft time limit of " + limit + " s on the "
                        + r.delivery.queue().id() + " queue and was stopped", clock.instant()));
            }
            case HARD_TIME_LIMIT -> {
                // already failed and released by the watcher
            }
            case SHUTDOWN -> {
                handBack(r);
                return true;
            }
        }
        return false;
    }

    /** Puts a task back at the end of its queue: a fresh entry, then the old one acknowledged. */
    private void handBack(RunningTask r) {
        Delivery d = r.delivery;
        String entry = queue.enqueue(d.queue(), d.taskId(), d.taskName());
        try {
            store.modify(d.taskId(), x -> x.status().isTerminal() ? x : x.requeued(entry));
            store.appendLog(d.taskId(), "Worker " + id + " shut down; task handed back to the " + d.queue().id()
                    + " queue");
        } catch (RuntimeException e) {
            LOG.warnf("[%s] could not record hand-back: %s", d.taskId(), e.getMessage());
        }
        queue.ack(d);
        LOG.infof("[%s] handed back to queue %s", d.taskId(), d.queue().id());
    }

    private void fail(UUID taskId, Throwable e) {
        String msg = describe(e);
        LOG.errorf(e, "[%s] failed: %s", taskId, msg);
        store.appendLog(taskId, "Failed: " + msg);
        setFinal(taskId, x -> x.failed(msg, clock.instant()));
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private void setFinal(UUID taskId, UnaryOperator<Task> change) {
        try {
            store.modify(taskId, x -> x.status().isTerminal() ? x : change.apply(x));
        } catch (IllegalTaskStateException e) {
            LOG.debugf("[%s] %s", taskId, e.getMessage());
        }
    }

    /** As {@link #setFinal(UUID, UnaryOperator)} from a version read earlier; returns the task as stored after it. */
    private Optional<Task> setFinal(Task read, UnaryOperator<Task> change) {
        try {
            return store.modify(read, x -> x.status().isTerminal() ? x : change.apply(x));
        } catch (IllegalTaskStateException e) {
            LOG.debugf("[%s] %s", read.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Frees the slot once: deletes a finished task's inputs and acknowledges its entry (unless handed back). */
    private void release(RunningTask r, boolean ack) {
        release(r, ack, null);
    }

    /** As {@link #release(RunningTask, boolean)}; {@code known} is the task as just read or written, or null. */
    private void release(RunningTask r, boolean ack, Task known) {
        if (!r.released.compareAndSet(false, true)) {
            return;
        }
        Delivery d = r.delivery;
        try {
            if (ack) {
                boolean finished = known != null ? known.status().isTerminal()
                        : store.find(d.taskId()).map(t -> t.status().isTerminal()).orElse(true);
                if (finished) {
                    storage.deletePrefix(StorageKeys.inputsPrefix(d.taskId()));
                }
                queue.ack(d);
            }
        } catch (Exception e) {
            LOG.warnf("[%s] release failed: %s", d.taskId(), e.getMessage());
        } finally {
            running.remove(d.taskId(), r);
            slots.get(d.queue()).release();
        }
    }

    private void deleteQuietly(List<String> keys) {
        for (String k : keys) {
            try {
                storage.deletePrefix(k);
            } catch (Exception e) {
                LOG.debugf("cannot delete %s: %s", k, e.getMessage());
            }
        }
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
        long handBackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!running.isEmpty() && System.nanoTime() < handBackDeadline) {
            sleepQuietly(50);
        }
        for (RunningTask r : running.values()) {
            if (r.released.compareAndSet(false, true)) {
                // why: the handler ignores interrupts; give the task to another worker rather than lose it
                handBack(r);
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
