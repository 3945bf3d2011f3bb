package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.runtime.TaskRuntimeFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task context for handler tests: inputs and outputs in a temporary filesystem storage, progress and log lines
 * recorded, and a cancellation token the test can fire.
 */
public final class FakeTaskContext<R> implements TaskContext<R> {
    private final UUID id = UUID.randomUUID();
    private final String taskName;
    private final R request;
    private final FilesystemBlobStorage storage;
    private final TaskInputs inputs;
    private final CancellationToken token = new CancellationToken();
    private final AtomicInteger outputIndex = new AtomicInteger();
    public final List<String> logs = new CopyOnWriteArrayList<>();
    public final List<long[]> progress = new CopyOnWriteArrayList<>();

    private FakeTaskContext(String taskName, R request, FilesystemBlobStorage storage, Map<String, String> keys) {
        this.taskName = taskName;
        this.request = request;
        this.storage = storage;
        this.inputs = TaskRuntimeFixtures.inputs(keys, storage);
    }

    /** A context whose inputs are {@code files} by field path ({@code image}, {@code references[0].image}, …). */
    public static <R> FakeTaskContext<R> of(String taskName, R request, Path storageDir, Map<String, byte[]> files) {
        FilesystemBlobStorage storage = new FilesystemBlobStorage(storageDir);
        Map<String, String> keys = new LinkedHashMap<>();
        int n = 0;
        for (var e : files.entrySet()) {
            String ext = MediaProbe.detect(e.getValue()).orElseThrow().extension();
            String key = "inputs/test/in-" + n++ + "." + ext;
            try {
                storage.put(key, new ByteArrayInputStream(e.getValue()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            keys.put(e.getKey(), key);
        }
        return new FakeTaskContext<>(taskName, request, storage, keys);
    }

    /** Fires the task's cancellation token, as the runtime does on revoke or a time limit. */
    public void cancel(CancellationToken.Reason reason) {
        TaskRuntimeFixtures.cancel(token, reason);
    }

    /** The bytes of a stored output. */
    public byte[] output(String key) throws IOException {
        BlobStorage.Blob blob = storage.open(key).orElseThrow();
        try (InputStream in = blob.open(0, blob.size())) {
            return in.readAllBytes();
        }
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
        progress.add(new long[] {step, total});
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

    private String nextKey(String extension) {
        return taskName.replace('.', '/') + "/" + id + "-" + outputIndex.getAndIncrement() + "." + extension;
    }
}
