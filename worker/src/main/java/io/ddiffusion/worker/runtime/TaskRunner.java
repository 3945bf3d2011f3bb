package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.IllegalTaskStateException;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.tracing.TraceNames;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.core.queue.BrokerUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs the tasks a worker took, one call of {@link #execute} per task on its own thread: records the start, runs the
 * handler, records how it ended, then frees the slot and acknowledges the entry only after the result is stored.
 * Also the watchdog that stops tasks which were cancelled or ran past their time limits, and the hand-back of tasks a
 * stopping worker cannot finish.
 */
final class TaskRunner {
    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    /** The most task reads a second the watcher makes (see {@link #watchRunning}). */
    static final int WATCH_READS_PER_SECOND = 2_000;
    /** Tasks the watcher reads with one pipelined request. */
    private static final int WATCH_BATCH = 100;

    private final String workerId;
    /**
     * why: one instance for all its tasks; the embedded store keeps a task's log lines as given, for days after it
     * finished, and a line built per task cost every kept task about 70 bytes
     */
    private final String startLine;
    private final TaskQueue queue;
    private final TaskStore store;
    private final BlobStorage storage;
    private final HandlerRegistry handlers;
    private final WorkerOptions options;
    private final Clock clock;
    private final Map<UUID, RunningTask> running;
    private final Map<Queue, Semaphore> slots;
    private final Routing routing;
    private final ImageMemory imageMemory;
    private final TaskMetrics metrics;
    private final Optional<GpuDevice> gpu;

    /**
     * @param running the worker's tasks by id; a task leaves it when its slot is freed
     * @param slots the worker's free slots per queue; a task's slot is released here
     * @param gpu the GPU the worker's engines share, when they do
     * @param metrics where task starts, ends and delivery-limit failures are counted
     */
    TaskRunner(String workerId, TaskQueue queue, TaskStore store, BlobStorage storage, HandlerRegistry handlers,
            WorkerOptions options, Clock clock, Map<UUID, RunningTask> running, Map<Queue, Semaphore> slots,
            Routing routing, ImageMemory imageMemory, Optional<GpuDevice> gpu, TaskMetrics metrics) {
        this.workerId = workerId;
        this.startLine = "Started on worker " + workerId;
        this.metrics = metrics;
        this.queue = queue;
        this.store = store;
        this.storage = storage;
        this.handlers = handlers;
        this.options = options;
        this.clock = clock;
        this.running = running;
        this.slots = slots;
        this.routing = routing;
        this.imageMemory = imageMemory;
        this.gpu = gpu;
    }

    /**
     * Stops tasks that were revoked or ran past their time limits: each running task is read from the store every
     * {@code interval}, or less often when more than {@link #WATCH_READS_PER_SECOND} reads a second would be needed.
     * why: a worker holding thousands of provider tasks read each of them four times a second, one Redis round trip
     * and JSON decoding each (bench/README.md, "Providers"); capped, a cancel or time limit is noticed within
     * running tasks / {@value #WATCH_READS_PER_SECOND} s instead (5 s at 10,000), and nothing changes up to 500 tasks.
     */
    void watchRunning(Duration interval) {
        long every = Math.max(interval.toNanos(), running.size() * 1_000_000_000L / WATCH_READS_PER_SECOND);
        long now = System.nanoTime();
        List<RunningTask> due = new ArrayList<>();
        for (RunningTask r : running.values()) {
            if (!r.released.get() && now - r.nextWatchNanos >= 0) {
                r.nextWatchNanos = now + every;
                due.add(r);
            }
        }
        for (int from = 0; from < due.size(); from += WATCH_BATCH) {
            watch(due.subList(from, Math.min(due.size(), from + WATCH_BATCH)));
        }
    }

    /**
     * Reads {@code batch} with one {@link TaskStore#findAll} (pipelined on Redis), then checks each task. why: one
     * synchronous round trip per task made the watcher the largest cost of a worker holding 10,000 provider tasks.
     */
    private void watch(List<RunningTask> batch) {
        // why: noted before the read, so a read that shows a started task was sent after the start was written; one
        // sent before it shows no owner yet, and would look like a takeover
        long[] started = new long[batch.size()];
        List<UUID> ids = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            started[i] = batch.get(i).startedNanos;
            ids.add(batch.get(i).delivery.taskId());
        }
        Map<UUID, Task> found = new HashMap<>();
        try {
            store.findAll(ids).forEach(t -> found.put(t.id(), t));
        } catch (RuntimeException e) {
            LOG.warnf("cannot check the state of %d running tasks: %s", batch.size(), e.getMessage());
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            RunningTask r = batch.get(i);
            try {
                watch(r, started[i], Optional.ofNullable(found.get(r.delivery.taskId())));
            } catch (RuntimeException e) {
                LOG.warnf("[%s] cannot check task state: %s", r.delivery.taskId(), e.getMessage());
            }
        }
    }

    /** Stops {@code r} when {@code t}, read after {@code started} was noted, says so; enforces its time limits. */
    private void watch(RunningTask r, long started, Optional<Task> t) {
        if (r.released.get()) {
            return;
        }
        UUID taskId = r.delivery.taskId();
        if (t.isEmpty() || t.get().status() == TaskStatus.REVOKED) {
            if (r.stop(CancellationToken.Reason.REVOKED)) {
                LOG.infof("[%s] cancelled by its owner; stopping", taskId);
            }
            return;
        }
        if (started == 0) {
            return;
        }
        // why: finished or not, a task that another delivery holds is no longer this copy's; one finished by its new
        // owner while this worker was frozen must not go on and write outputs over that owner's
        if (!r.holds(t.get())) {
            if (r.stop(CancellationToken.Reason.TAKEN_OVER)) {
                LOG.warnf("[%s] taken over by worker %s (attempt %d) while this worker ran attempt %d; stopping this "
                        + "copy", taskId, t.get().worker(), t.get().attempts(), r.delivery.deliveryCount());
            }
            return;
        }
        if (r.waitingForGpu) {
            return;
        }
        var limits = options.queues().get(r.delivery.queue());
        // why: read again after the flag, so a wait that just ended is already left out of the start
        long elapsed = System.nanoTime() - r.startedNanos;
        if (elapsed >= limits.hardTimeLimit().toNanos()) {
            r.stop(CancellationToken.Reason.HARD_TIME_LIMIT);
            String msg = "Task exceeded the hard time limit of " + limits.hardTimeLimit().toSeconds()
                    + " s on the " + r.delivery.queue().id() + " queue; its handler did not stop and was abandoned";
            setFinal(taskId, r.fenced(x -> x.failed(msg, clock.instant())));
            store.appendLog(taskId, msg);
            release(r, true);
        } else if (elapsed >= limits.softTimeLimit().toNanos()
                && r.stop(CancellationToken.Reason.SOFT_TIME_LIMIT)) {
            store.appendLog(taskId, "Soft time limit of " + limits.softTimeLimit().toSeconds() + " s reached; "
                    + "stopping");
        }
    }

    void execute(RunningTask r) {
        Delivery d = r.delivery;
        UUID taskId = d.taskId();
        RuntimeTaskContext<?> ctx = null;
        // why: not acknowledged, inputs and outputs kept: handed back, taken over, or left for a take-back
        boolean keepEntry = false;
        // why: the result's write acknowledged the entry already; the release does not do it again
        boolean acked = false;
        Task ended = null;
        RunSpan span = null;
        Throwable thrown = null;
        MDC.put(TraceNames.MDC_TASK_ID, taskId.toString());
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
                metrics.deliveryLimit(d.queue());
                String msg = "Task was taken " + d.deliveryCount() + " times by workers that stopped before it "
                        + "finished (limit " + options.maxDeliveries() + "); it is not retried again";
                setFinal(taskId, x -> x.failed(msg, clock.instant()));
                store.appendLog(taskId, msg);
                return;
            }
            Optional<String> handOff = task.status() == TaskStatus.PENDING ? routing.handOff(d.queue(), task.name())
                    : Optional.empty();
            if (handOff.isPresent()) {
                handBack(r, "Worker " + workerId + " cannot run it (" + handOff.get() + "); handed back to the "
                        + d.queue().id() + " queue for a worker that can");
                routing.pause(d.queue());
                keepEntry = true;
                return;
            }
            if (task.status() != TaskStatus.PENDING) {
                store.appendLog(taskId, (workerId.equals(task.worker()) ? "Worker " + workerId + " lost track of "
                        + "the task while the task broker was unavailable; running it again"
                        : "Worker " + task.worker() + " stopped; task taken over by worker " + workerId)
                        + " (attempt " + d.deliveryCount() + ")");
            }
            UnaryOperator<Task> receive = x -> (x.status() == TaskStatus.PENDING ? x.enqueuedAs(d.entryId())
                    : x.requeued(d.entryId())).received(workerId, d.deliveryCount());
            TaskHandler<?> handler = handlers.find(task.name()).orElse(null);
            if (handler == null) {
                store.modify(taskId, receive).orElseThrow();
                String msg = "No worker handler for " + task.name() + " in this build (worker " + workerId + ")";
                setFinal(taskId, r.fenced(x -> x.failed(msg, clock.instant())));
                store.appendLog(taskId, msg);
                return;
            }
            span = RunSpan.start(task, d, workerId, clock.instant());
            ctx = context(task, handler, r);
            // why: received and started in one write on the version read above, which also carries the log line: one
            // store call, not four reads and writes and a log append (a change meanwhile, such as a cancel, makes it
            // re-read and decide again)
            task = store.modify(task, x -> receive.apply(x).started(clock.instant()), startLine).orElseThrow();
            ctx.seen(task);
            r.startedNanos = System.nanoTime();
            metrics.started(task.name(), d.queue(), task.queuedAt() == null || task.startedAt() == null
                    ? Duration.ZERO : Duration.between(task.queuedAt(), task.startedAt()));
            // why: DEBUG, as the end's line names the task and its duration; one line a task on the console at INFO
            LOG.debugf("[%s] %s", taskId, startLine);
            TaskResult result;
            try (GpuDevice.Lease device = takeGpu(task.name(), ctx, r);
                    ImageMemory.Lease memory = reserveImageMemory(ctx, r)) {
                r.enterHandler();
                try {
                    result = run(handler, ctx);
                } finally {
                    r.leaveHandler();
                }
            }
            r.token.throwIfCancelled();
            // why: from the newest version this worker wrote (start, progress), so it is one write unless someone
            // else changed the task meanwhile (then it re-reads); the same write acknowledges the entry (one script
            // on Redis), never before the result is stored; a result is worth waiting for the broker
            Task read = ctx.latest();
            ended = BrokerRetry.call("[" + taskId + "] storing the result", finalWriteBudget(r),
                    () -> setFinalAndAck(read, r.fenced(x -> x.succeeded(result.files(), result.text(),
                            clock.instant())), d)).orElse(null);
            acked = ended != null;
            long ms = (System.nanoTime() - r.startedNanos) / 1_000_000;
            if (ended != null && ended.status() == TaskStatus.SUCCESS) {
                LOG.infof("[%s] succeeded in %d ms", taskId, ms);
            } else {
                LOG.infof("[%s] ran for %d ms; its result was not stored: the task is %s", taskId, ms,
                        ended == null ? "gone" : ended.status());
            }
        } catch (Throwable e) {
            thrown = e;
            keepEntry = recordFailure(r, e);
        } finally {
            // why: the task as this worker's final write left it needs no read to know it; otherwise it is read once
            Task last = ended;
            try {
                if (ctx != null && !keepEntry) {
                    if (last == null) {
                        last = store.find(taskId).orElse(null);
                    }
                    if (last == null || last.status() != TaskStatus.SUCCESS) {
                        deleteQuietly(ctx.written());
                    }
                    if (last != null && last.status().isTerminal() && workerId.equals(last.worker())) {
                        metrics.finished(last.name(), last.status().name(), Duration.ofNanos(System.nanoTime()
                                - r.startedNanos));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("[%s] cannot clean up outputs: %s", taskId, e.getMessage());
            } finally {
                release(r, !keepEntry, last, acked);
                if (span != null) {
                    span.ended(last, thrown, r.token.reason().orElse(null));
                    span.close();
                }
                MDC.remove(TraceNames.MDC_TASK_ID);
            }
        }
    }

    /**
     * Records how a task that threw ended; returns true when its entry must not be acknowledged. Never throws: a
     * failure to record (the broker went away meanwhile) leaves the entry with this worker, which takes it back.
     */
    private boolean recordFailure(RunningTask r, Throwable e) {
        UUID taskId = r.delivery.taskId();
        boolean keepEntry = false;
        try {
            if (e instanceof TaskTakenOverException) {
                r.stop(CancellationToken.Reason.TAKEN_OVER);
            }
            Optional<CancellationToken.Reason> reason = r.token.reason();
            if (reason.isEmpty() && e instanceof IllegalTaskStateException) {
                // why: revoked or failed by someone else between our reads; nothing left to record
                LOG.debugf("[%s] state changed meanwhile: %s", taskId, e.getMessage());
            } else if (reason.isEmpty() && BrokerUnavailableException.isCause(e)) {
                // why: not the task's fault; the entry stays with this worker, which takes it back and runs it again
                // once the broker answers (a task is never failed just because the broker was away)
                LOG.warnf("[%s] %s; the task runs again once the broker is back", taskId, e.getMessage());
                keepEntry = true;
            } else if (reason.isEmpty()) {
                fail(r, e);
            } else {
                keepEntry = onCancelled(r, reason.get());
            }
        } catch (RuntimeException recording) {
            LOG.warnf("[%s] could not record how the task ended (%s); the entry is taken back later", taskId,
                    recording.getMessage());
            keepEntry = true;
        }
        return keepEntry;
    }

    /**
     * Waits for the shared GPU when the task's handler runs its models on an engine that uses it now; null otherwise.
     * The wait does not count toward the task's time limits: it is bounded by the tasks ahead, each within its own.
     */
    private GpuDevice.Lease takeGpu(String taskName, RuntimeTaskContext<?> ctx, RunningTask r)
            throws TaskCancelledException {
        Optional<GpuEngine> engine = gpu.isPresent() ? handlers.gpuEngine(taskName).filter(GpuEngine::usesGpu)
                : Optional.empty();
        if (engine.isEmpty()) {
            return null;
        }
        long asked = System.nanoTime();
        r.waitingForGpu = true;
        try {
            GpuDevice.Lease lease = gpu.get().acquire(engine.get(), taskName + " " + r.delivery.taskId(), r.token,
                    ctx::log);
            r.device = lease;
            return lease;
        } finally {
            r.startedNanos += System.nanoTime() - asked;
            r.waitingForGpu = false;
        }
    }

    /** Waits until the worker's image memory has room for what this task's inputs take once decoded. */
    private ImageMemory.Lease reserveImageMemory(RuntimeTaskContext<?> ctx, RunningTask r) throws Exception {
        long need = ctx.inputs().decodedImageBytes();
        return imageMemory.reserve(need, r.token, free -> ctx.log("Waiting for memory: its images need "
                + mib(need) + " MiB once decoded and " + mib(free) + " MiB of this worker's " + mib(
                        imageMemory.capacity()) + " MiB for images are free (DDIFFUSION_IMAGE_MEMORY_MB)"));
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    @SuppressWarnings("unchecked")
    private static <R> TaskResult run(TaskHandler<R> handler, RuntimeTaskContext<?> ctx) throws Exception {
        return handler.run((TaskContext<R>) ctx);
    }

    private <R> RuntimeTaskContext<R> context(Task task, TaskHandler<R> handler, RunningTask r) throws Exception {
        R request = Json.MAPPER.readValue(task.request(), handler.requestType());
        return new RuntimeTaskContext<>(task, request, r, store, storage);
    }

    /** Records how a cancelled task ended; returns true when its entry must not be acknowledged. */
    private boolean onCancelled(RunningTask r, CancellationToken.Reason reason) {
        UUID taskId = r.delivery.taskId();
        switch (reason) {
            case REVOKED -> {
                store.appendLog(taskId, "Cancelled while running; stopped");
                LOG.infof("[%s] stopped after cancellation", taskId);
            }
            case SOFT_TIME_LIMIT -> {
                var limit = options.queues().get(r.delivery.queue()).softTimeLimit().toSeconds();
                setFinal(taskId, r.fenced(x -> x.failed("Task exceeded the soft time limit of " + limit + " s on the "
                        + r.delivery.queue().id() + " queue and was stopped", clock.instant())));
            }
            case HARD_TIME_LIMIT -> {
                // already failed and released by the watcher
            }
            case SHUTDOWN -> {
                handBack(r);
                return true;
            }
            case TAKEN_OVER -> {
                // why: the entry and the task are another delivery's now; this copy writes nothing more
                LOG.infof("[%s] this worker's copy (attempt %d) stopped: the task was taken over", taskId,
                        r.delivery.deliveryCount());
                return true;
            }
        }
        return false;
    }

    /** Puts a task back at the end of its queue (this worker shuts down): a fresh entry, the old one acknowledged. */
    void handBack(RunningTask r) {
        handBack(r, "Worker " + workerId + " shut down; task handed back to the " + r.delivery.queue().id() + " queue");
    }

    private void handBack(RunningTask r, String why) {
        Delivery d = r.delivery;
        String entry = queue.enqueue(d.queue(), d.taskId(), d.taskName());
        try {
            store.modify(d.taskId(), x -> x.status().isTerminal() ? x
                    : x.status() == TaskStatus.PENDING ? x.enqueuedAs(entry) : x.requeued(entry));
            store.appendLog(d.taskId(), why);
        } catch (RuntimeException e) {
            LOG.warnf("[%s] could not record hand-back: %s", d.taskId(), e.getMessage());
        }
        queue.ack(d);
        LOG.infof("[%s] handed back to queue %s", d.taskId(), d.queue().id());
    }

    private void fail(RunningTask r, Throwable e) {
        UUID taskId = r.delivery.taskId();
        String msg = describe(e);
        LOG.errorf(e, "[%s] failed: %s", taskId, msg);
        store.appendLog(taskId, "Failed: " + msg);
        setFinal(taskId, r.fenced(x -> x.failed(msg, clock.instant())));
    }

    /**
     * How long an acknowledgement waits for the broker: three heartbeat time-outs (30 s by default), enough for a
     * Redis restart; after that the entry is taken back once the broker answers.
     */
    private Duration brokerRetryBudget() {
        return options.heartbeatTtl().multipliedBy(3);
    }

    /** How long a task's result may wait for the broker: what is left of its hard time limit, at least as an ack. */
    private Duration finalWriteBudget(RunningTask r) {
        Duration hard = options.queues().get(r.delivery.queue()).hardTimeLimit();
        Duration left = hard.minusNanos(System.nanoTime() - r.startedNanos);
        return left.compareTo(brokerRetryBudget()) > 0 ? left : brokerRetryBudget();
    }

    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                // why: the task's own allocations are gone once its handler has unwound; other tasks go on.
                // Decoders wrap it (ImageIO: "Caught exception during read"), so the chain is searched.
                return "The worker ran out of memory running this task (" + c.getMessage() + ") and stopped it; "
                        + "give the worker more heap or lower DDIFFUSION_IMAGE_MEMORY_MB";
            }
        }
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

    /**
     * As {@link #setFinal(UUID, UnaryOperator)} from a version read earlier, and acknowledges {@code d} once it is
     * stored (or was already final); returns the task as stored after it, or empty, with nothing acknowledged, when it
     * is gone or cannot take the change. A fenced change that finds the task taken over throws, acknowledging nothing.
     */
    private Optional<Task> setFinalAndAck(Task read, UnaryOperator<Task> change, Delivery d) {
        try {
            return store.modify(read, x -> x.status().isTerminal() ? x : change.apply(x), queue, d);
        } catch (IllegalTaskStateException e) {
            LOG.debugf("[%s] %s", read.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Frees the slot once: deletes a finished task's inputs and acknowledges its entry (unless handed back). */
    private void release(RunningTask r, boolean ack) {
        release(r, ack, null, false);
    }

    /**
     * As {@link #release(RunningTask, boolean)}; {@code known} is the task as just read or written, or null;
     * {@code acked} when the result's write acknowledged the entry already.
     */
    private void release(RunningTask r, boolean ack, Task known, boolean acked) {
        if (!r.released.compareAndSet(false, true)) {
            return;
        }
        Delivery d = r.delivery;
        try {
            if (ack) {
                boolean finished = known != null ? known.status().isTerminal()
                        : store.find(d.taskId()).map(t -> t.status().isTerminal()).orElse(true);
                // why: after the ack when the result's write carried it; a crash in between leaves them to the
                // janitor, which removes what crashes leave
                if (finished) {
                    storage.deletePrefix(StorageKeys.inputsPrefix(d.taskId()));
                }
                if (!acked) {
                    BrokerRetry.call("[" + d.taskId() + "] acknowledging", brokerRetryBudget(), () -> queue.ack(d));
                }
            }
        } catch (Exception e) {
            // why: an entry not acknowledged stays with this worker, which takes it back once the broker answers
            LOG.warnf("[%s] release failed, the entry is taken back later: %s", d.taskId(), e.getMessage());
        } finally {
            GpuDevice.Lease device = r.device;
            if (device != null) {
                device.close();
            }
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
}
