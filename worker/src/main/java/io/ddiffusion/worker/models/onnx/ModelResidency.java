package io.ddiffusion.worker.models.onnx;

import io.ddiffusion.core.metrics.TaskMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Keeps loaded models resident between tasks, least recently used first out, within a memory budget. A model is
 * estimated by the size of its files on disk. Sessions in use by a task are never closed under it: they are leased,
 * and only idle sessions are evicted. When a model does not fit even after evicting every idle session it is loaded
 * anyway (one model larger than the budget still has to run) with a warning.
 *
 * <p>An out-of-memory while loading or running drops every idle session and, for sessions in use, closes them when
 * their lease ends; the failing task fails and the worker keeps serving from a clean slate.
 */
public final class ModelResidency implements AutoCloseable {

    /** Loads one model file into a session. */
    @FunctionalInterface
    public interface Loader {
        InferenceSession load(String name, Path file);
    }

    /**
     * A model file to load, named for logs, with its estimated memory (its files' bytes).
     *
     * @param name a readable name, e.g. {@code depth-anything-2/model}
     */
    public record ModelRef(String name, Path file, long bytes) {
        /** Estimates the model by its file plus any external-data files that sit next to it. */
        public static ModelRef of(String name, Path file) {
            try {
                long bytes = Files.size(file);
                String fileName = file.getFileName().toString();
                try (var siblings = Files.list(file.toAbsolutePath().getParent())) {
                    for (Path p : (Iterable<Path>) siblings::iterator) {
                        String other = p.getFileName().toString();
                        if (!other.equals(fileName) && (other.startsWith(fileName + "_data")
                                || other.startsWith(fileName + ".data"))) {
                            bytes += Files.size(p);
                        }
                    }
                }
                return new ModelRef(name, file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model file " + file, e);
            }
        }
    }

    private final Loader loader;
    private final long budgetBytes;
    private final Consumer<String> workerLog;
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * The resident names as of the last change, readable without the lock: a load can hold the lock for many
     * seconds, and the worker's heartbeat (which publishes this) must never wait for it.
     */
    private volatile List<String> loadedNames = List.of();
    /** This residency's resident bytes as of the last change, and the process's total of them, for the metric. */
    private long resident;
    private static final LongAdder RESIDENT = new LongAdder();

    public ModelResidency(Loader loader, long budgetBytes, Consumer<String> workerLog) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive");
        }
        this.loader = loader;
        this.budgetBytes = budgetBytes;
        this.workerLog = workerLog;
        // why the global registry: the residency is built by the model handlers, far from the worker's wiring
        TaskMetrics.global().residentModels("onnx", RESIDENT, LongAdder::doubleValue);
    }

    /**
     * Returns a lease on {@code ref}'s session, loading it (and evicting idle ones to make room) when it is not
     * resident. The load time goes to {@code taskLog} and the worker's log. Close the lease when done.
     */
    public synchronized Lease acquire(ModelRef ref, Consumer<String> taskLog) {
        Path key = ref.file().toAbsolutePath().normalize();
        Entry entry = entries.get(key);
        if (entry == null) {
            try {
                entry = load(ref, key, taskLog);
            } finally {
                snapshot(); // evictions happened even when the load failed
            }
            entries.put(key, entry);
        }
        entry.leases++;
        snapshot();
        return new Lease(entry);
    }

    private Entry load(ModelRef ref, Path key, Consumer<String> taskLog) {
        evictFor(ref.bytes());
        long start = System.nanoTime();
        InferenceSession session;
        try {
            session = loader.load(ref.name(), ref.file());
        } catch (ModelOutOfMemoryException e) {
            // why: fragmentation or sessions we estimated too small; one more try on an empty slate
            dropIdle();
            session = loader.load(ref.name(), ref.file());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        TaskMetrics.global().modelLoaded("onnx", ref.name(), Duration.ofMillis(millis));
        String line = "Loaded " + ref.name() + " (" + mib(ref.bytes()) + ") in " + millis + " ms; resident "
                + mib(residentBytes() + ref.bytes()) + " of " + mib(budgetBytes);
        taskLog.accept(line);
        workerLog.accept(line);
        return new Entry(ref, session);
    }

    private void evictFor(long needed) {
        Iterator<Entry> lru = entries.values().iterator();
        while (residentBytes() + needed > budgetBytes && lru.hasNext()) {
            Entry e = lru.next();
            if (e.leases == 0) {
                lru.remove();
                e.session.close();
                workerLog.accept("Unloaded " + e.ref.name() + " (" + mib(e.ref.bytes()) + ") to make room");
            }
        }
        if (residentBytes() + needed > budgetBytes) {
            workerLog.accept("Warning: loading " + mib(needed) + " goes over the model memory budget of "
                    + mib(budgetBytes) + " (resident " + mib(residentBytes()) + "; raise DDIFFUSION_MODEL_MEMORY_MB)");
        }
    }

    private long residentBytes() {
        long sum = 0;
        for (Entry e : entries.values()) {
            sum += e.ref.bytes();
        }
        return sum;
    }

    /** Drops every session: idle ones now, leased ones when their lease ends. */
    public synchronized void reset() {
        int n = entries.size();
        dropAll();
        workerLog.accept("Model sessions reset (" + n + " dropped) after an out-of-memory");
    }

    /**
     * Unloads every model, saying why in the worker's log: idle sessions are closed now, leased ones when their lease
     * ends. Returns how many were resident.
     *
     * @param why e.g. {@code to free the GPU for ComfyUI}
     */
    public synchronized int unloadAll(String why) {
        int n = entries.size();
        if (n > 0) {
            long bytes = residentBytes();
            dropAll();
            workerLog.accept("Unloaded " + n + (n == 1 ? " model" : " models") + " (" + mib(bytes) + ") " + why);
        }
        return n;
    }

    private void dropAll() {
        for (Entry e : entries.values()) {
            e.dropped = true;
            if (e.leases == 0) {
                e.session.close();
            }
        }
        entries.clear();
        snapshot();
    }

    private void dropIdle() {
        entries.values().removeIf(e -> {
            if (e.leases == 0) {
                e.session.close();
                return true;
            }
            return false;
        });
    }

    /**
     * Names of the resident models, least recently used first (published with the worker's status). Never waits
     * for a load in progress.
     */
    public List<String> loaded() {
        return loadedNames;
    }

    private void snapshot() {
        long now = residentBytes();
        RESIDENT.add(now - resident);
        resident = now;
        List<String> names = new ArrayList<>();
        for (Entry e : entries.values()) {
            names.add(e.ref.name());
        }
        loadedNames = List.copyOf(names);
    }

    private synchronized void release(Entry entry) {
        entry.leases--;
        if (entry.leases == 0 && entry.dropped) {
            entry.session.close();
        }
    }

    @Override
    public synchronized void close() {
        dropAll();
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static final class Entry {
        final ModelRef ref;
        final InferenceSession session;
        int leases;
        boolean dropped;

        Entry(ModelRef ref, InferenceSession session) {
            this.ref = ref;
            this.session = session;
        }
    }

    /** A task's use of a resident session; running through it turns an out-of-memory into a reset. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public Map<String, TensorSpec> inputs() {
            return entry.session.inputs();
        }

        public Map<String, TensorSpec> outputs() {
            return entry.session.outputs();
        }

        /** Runs the model; on out-of-memory every session is reset and the exception rethrown. */
        public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
            try {
                return entry.session.run(inputs, outputs);
            } catch (ModelOutOfMemoryException e) {
                reset();
                throw e;
            }
        }

        public Map<String, Tensor> run(Map<String, Tensor> inputs) {
            return run(inputs, Set.of());
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(entry);
            }
        }

        @Override
        public String toString() {
            return "Lease[" + entry.ref.name() + "]";
        }
    }

    /** The names of models whose sessions are currently leased. */
    synchronized Set<String> leased() {
        Set<String> s = new java.util.TreeSet<>();
        for (Entry e : entries.values()) {
            if (e.leases > 0) {
                s.add(e.ref.name());
            }
        }
        return s;
    }
}
