package io.ddiffusion.worker.testing;

import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.runtime.TaskRuntimeFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TaskContext} for handler tests without a worker: inputs written to a temporary filesystem storage as the
 * API would store them, progress and logs recorded, outputs written to the same storage, and a cancel switch.
 */
public final class FakeTaskContext<R> implements TaskContext<R> {
    /** One input as the API stores it: the request field path, its sniffed extension and its bytes. */
    public record Input(String field, String extension, byte[] bytes) {
    }

    /** One reported progress step; prints as {@code [step, total]}. */
    public record Step(long step, long total) {
        @Override
        public String toString() {
            return "[" + step + ", " + total + "]";
        }
    }

    private volatile UUID id = UUID.randomUUID();
    private final String taskName;
    private final R request;
    private final BlobStorage storage;
    private final TaskInputs inputs;
    private final CancellationToken token = new CancellationToken();
    private final List<Step> progress = new CopyOnWriteArrayList<>();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final AtomicInteger index = new AtomicInteger();
    private volatile long cancelAtStep = -1;
    private final Map<String, String> checkpoints = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeTaskContext(String taskName, R request, Path storageDir, Input... inputs) throws IOException {
        this.taskName = taskName;
        this.request = request;
        this.storage = new FilesystemBlobStorage(storageDir);
        Map<String, String> keys = new LinkedHashMap<>();
        for (Input in : inputs) {
            String key = StorageKeys.inputsPrefix(id) + in.field().replaceAll("[^A-Za-z0-9]+", "-") + "."
                    + in.extension();
            storage.put(key, new ByteArrayInputStream(in.bytes()));
            keys.put(in.field(), key);
        }
        this.inputs = TaskRuntimeFixtures.inputs(keys, storage);
    }

    /** A context whose inputs are {@code files} by field path ({@code image}, {@code references[0].image}, …). */
    public static <R> FakeTaskContext<R> of(String taskName, R request, Path storageDir, Map<String, byte[]> files) {
        List<Input> inputs = new ArrayList<>();
        for (var e : files.entrySet()) {
            String ext = MediaProbe.detect(e.getValue()).orElseThrow().extension();
            inputs.add(new Input(e.getKey(), ext, e.getValue()));
        }
        try {
            return new FakeTaskContext<>(taskName, request, storageDir, inputs.toArray(Input[]::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Makes the task cancel itself, as its owner would, when the handler reports progress step {@code step}: a
     * cancellation mid-run at a known point, without timing.
     */
    public FakeTaskContext<R> cancelAtStep(long step) {
        this.cancelAtStep = step;
        return this;
    }

    /** Cancels the task as its owner would (DELETE /{id}). */
    public void cancel() {
        cancel(token);
    }

    /** Fires the task's cancellation token, as the runtime does on revoke or a time limit. */
    public void cancel(CancellationToken.Reason reason) {
        TaskRuntimeFixtures.cancel(token, reason);
    }

    /** Cancels {@code token} as the runtime does when its owner revokes the task. */
    public static void cancel(CancellationToken token) {
        TaskRuntimeFixtures.cancel(token, CancellationToken.Reason.REVOKED);
    }

    public List<Step> progressSteps() {
        return List.copyOf(progress);
    }

    public List<String> logs() {
        return List.copyOf(logs);
    }

    public synchronized List<String> outputs() {
        return List.copyOf(outputs);
    }

    /** The stored bytes of an output key. */
    public byte[] read(String key) throws IOException {
        BlobStorage.Blob blob = storage.open(key).orElseThrow();
        try (InputStream in = blob.open(0, blob.size())) {
            return in.readAllBytes();
        }
    }

    /** What the handler recorded for later attempts (see {@link TaskContext#checkpoint(String, String)}). */
    public Map<String, String> checkpoints() {
        return Map.copyOf(checkpoints);
    }

    /**
     * Makes this context a later attempt (another worker's, after a takeover) of the task {@code earlier} ran: the
     * same task id, and what that attempt recorded.
     */
    public FakeTaskContext<R> retryOf(FakeTaskContext<?> earlier) {
        this.id = earlier.id;
        checkpoints.putAll(earlier.checkpoints);
        return this;
    }

    /** Starts this context as a later attempt of a task whose earlier attempt recorded {@code earlier}. */
    public FakeTaskContext<R> resuming(Map<String, String> earlier) {
        checkpoints.putAll(earlier);
        return this;
    }

    @Override
    public java.util.Optional<String> checkpoint(String key) {
        return java.util.Optional.ofNullable(checkpoints.get(key));
    }

    @Override
    public void checkpoint(String key, String value) {
        checkpoints.put(key, value);
    }

    @Override
    public UUID taskId() {
        return id;
    }

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public R request() {
        return request;
    }

    @Override
    public TaskInputs inputs() {
        return inputs;
    }

    @Override
    public void progress(long step, long total) {
        progress.add(new Step(step, total));
        if (step == cancelAtStep) {
            cancel();
        }
    }

    @Override
    public void log(String line) {
        logs.add(line);
    }

    @Override
    public CancellationToken cancellation() {
        return token;
    }

    @Override
    public String writeOutput(String extension, InputStream data) throws IOException {
        String key = nextKey(extension);
        storage.put(key, data);
        return key;
    }

    @Override
    public String writeOutputFile(String extension, Path file) throws IOException {
        String key = nextKey(extension);
        storage.putFile(key, file);
        return key;
    }

    private synchronized String nextKey(String extension) {
        String model = taskName.substring(taskName.indexOf('.') + 1);
        String key = StorageKeys.output(taskName.substring(0, taskName.indexOf('.')), model, id,
                index.getAndIncrement(), extension);
        outputs.add(key);
        return key;
    }
}
