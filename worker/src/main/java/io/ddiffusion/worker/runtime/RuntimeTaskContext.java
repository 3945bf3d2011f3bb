package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.BrokerUnavailableException;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.IllegalTaskStateException;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/** The context the runtime hands a handler: reports go to the task store, outputs to storage. */
final class RuntimeTaskContext<R> implements TaskContext<R> {
    private static final Logger LOG = Logger.getLogger("io.ddiffusion.worker.task");
    private static final long PROGRESS_INTERVAL_NANOS = 200_000_000L;

    private final Task task;
    private final R request;
    private final TaskInputs inputs;
    private final RunningTask running;
    private final TaskStore store;
    private final BlobStorage storage;
    private final AtomicInteger outputIndex = new AtomicInteger();
    private final List<String> written = new ArrayList<>();
    private long lastProgressNanos;
    /** The newest version of the record this worker read or wrote, so its next write needs no read first. */
    private volatile Task latest;

    RuntimeTaskContext(Task task, R request, RunningTask running, TaskStore store, BlobStorage storage) {
        this.task = task;
        this.latest = task;
        this.request = request;
        this.inputs = new TaskInputs(task.inputs(), storage);
        this.running = running;
        this.store = store;
        this.storage = storage;
    }

    @Override
    public UUID taskId() {
        return task.id();
    }

    @Override
    public String taskName() {
        return task.name();
    }

    @Override
    public R request() {
        return request;
    }

    @Override
    public TaskInputs inputs() {
        return inputs;
    }

    /** Records a version of the task read or written by the worker; older ones than the newest seen are ignored. */
    synchronized void seen(Task t) {
        if (t.version() > latest.version()) {
            latest = t;
        }
    }

    /** The newest version of the task this worker has seen. */
    Task latest() {
        return latest;
    }

    @Override
    public void progress(long step, long total) {
        long now = System.nanoTime();
        synchronized (this) {
            if (step < total && now - lastProgressNanos < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastProgressNanos = now;
        }
        Progress p = new Progress(Math.max(0, step), Math.max(0, total));
        try {
            store.modify(latest, running.fenced(t -> t.progressed(p))).ifPresent(this::seen);
        } catch (IllegalTaskStateException e) {
            // why: the task was revoked or timed out meanwhile; the watcher stops the handler
        } catch (TaskTakenOverException e) {
            running.stop(CancellationToken.Reason.TAKEN_OVER);
        } catch (BrokerUnavailableException e) {
            // why: progress is best effort; a handler goes on through a broker outage and its result waits for it
            LOG.debugf("[%s] progress not recorded: %s", task.id(), e.getMessage());
        }
    }

    @Override
    public Optional<String> checkpoint(String key) {
        return Optional.ofNullable(latest.checkpoints().get(key));
    }

    @Override
    public void checkpoint(String key, String value) {
        record(key, value, change -> store.modify(latest, change));
    }

    @Override
    public void checkpoint(String key, String value, String line) {
        LOG.infof("[%s] %s", task.id(), line);
        record(key, value, change -> store.modify(latest, change, line));
    }

    /** Writes the checkpoint {@code key} = {@code value} (fenced) with {@code write}, from the latest version. */
    private void record(String key, String value, Function<UnaryOperator<Task>, Optional<Task>> write) {
        // why: recorded before the handler waits on the job, retried while the broker is away: losing it would make
        // a new owner start the job again
        Task stored = BrokerRetry.call("[" + task.id() + "] recording " + key, Duration.ofSeconds(30),
                () -> write.apply(running.fenced(t -> t.checkpointed(key, value)))).orElseThrow();
        seen(stored);
    }

    @Override
    public void log(String line) {
        LOG.infof("[%s] %s", task.id(), line);
        try {
            store.appendLog(task.id(), line);
        } catch (BrokerUnavailableException e) {
            // why: as progress; the line stays in the worker's log
            LOG.warnf("[%s] log line not recorded in the task: %s", task.id(), e.getMessage());
        }
    }

    @Override
    public CancellationToken cancellation() {
        return running.token;
    }

    @Override
    public String writeOutput(String extension, InputStream data) throws IOException {
        checkStillHeld();
        String key = nextKey(extension);
        storage.put(key, data);
        return key;
    }

    @Override
    public String writeOutputFile(String extension, Path file) throws IOException {
        checkStillHeld();
        String key = nextKey(extension);
        storage.putFile(key, file);
        return key;
    }

    /**
     * Stops this copy, instead of writing an output, once the task is another delivery's. why: outputs are stored
     * under the task's keys, so a copy that resumes after a takeover (a frozen process whose handler wakes before the
     * watcher does) would write over the new owner's files; one read per output file.
     */
    private void checkStillHeld() {
        Optional<Task> now;
        try {
            now = store.find(task.id());
        } catch (BrokerUnavailableException e) {
            return; // why: best effort while the broker is away; the result's write is fenced in any case
        }
        if (now.isPresent() && !running.holds(now.get())) {
            running.stop(CancellationToken.Reason.TAKEN_OVER);
            throw new TaskTakenOverException(now.get(), running.delivery.deliveryCount());
        }
    }

    /** Output keys written so far (deleted again when the task does not succeed). */
    synchronized List<String> written() {
        return List.copyOf(written);
    }

    private synchronized String nextKey(String extension) {
        String model = task.name().substring(task.name().indexOf('.') + 1);
        String key = StorageKeys.output(task.domain(), model, task.id(), outputIndex.getAndIncrement(), extension);
        written.add(key);
        return key;
    }
}
