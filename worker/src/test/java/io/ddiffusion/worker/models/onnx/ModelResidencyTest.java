package io.ddiffusion.worker.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.metrics.TaskMetrics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResidencyTest {
    static final long MIB = 1 << 20;

    @TempDir
    Path dir;
    final List<String> workerLog = new ArrayList<>();
    final List<String> taskLog = new ArrayList<>();
    final FakeLoader loader = new FakeLoader();

    /** A session that records whether it was closed and can be told to run out of memory. */
    static final class FakeSession implements InferenceSession {
        final String name;
        boolean closed;
        boolean outOfMemory;

        FakeSession(String name) {
            this.name = name;
        }

        @Override
        public Map<String, TensorSpec> inputs() {
            return Map.of();
        }

        @Override
        public Map<String, TensorSpec> outputs() {
            return Map.of();
        }

        @Override
        public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
            if (closed) {
                throw new IllegalStateException(name + " used after close");
            }
            if (outOfMemory) {
                throw new ModelOutOfMemoryException("out of memory while running " + name,
                        new RuntimeException("CUDA failure 2: out of memory"));
            }
            return Map.of("out", Tensor.floats(new float[] {1}, 1));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class FakeLoader implements ModelResidency.Loader {
        final List<String> loads = new ArrayList<>();
        final Map<String, FakeSession> last = new HashMap<>();
        int outOfMemoryLoadsLeft;

        @Override
        public InferenceSession load(String name, Path file) {
            loads.add(name);
            if (outOfMemoryLoadsLeft > 0) {
                outOfMemoryLoadsLeft--;
                throw new ModelOutOfMemoryException("out of memory while loading " + name,
                        new RuntimeException("Failed to allocate memory"));
            }
            FakeSession s = new FakeSession(name);
            last.put(name, s);
            return s;
        }
    }

    ModelResidency.ModelRef ref(String name, long mib) {
        return new ModelResidency.ModelRef(name, dir.resolve(name + ".onnx"), mib * MIB);
    }

    ModelResidency residency(long budgetMib) {
        return new ModelResidency(loader, budgetMib * MIB, workerLog::add);
    }

    @Test
    void keepsAModelResidentBetweenTasksAndLogsTheLoadOnce() {
        ModelResidency r = residency(100);
        try (var lease = r.acquire(ref("depth", 40), taskLog::add)) {
            assertThat(lease.run(Map.of())).containsKey("out");
        }
        try (var lease = r.acquire(ref("depth", 40), taskLog::add)) {
            assertThat(lease.run(Map.of())).containsKey("out");
        }
        assertThat(loader.loads).containsExactly("depth");
        assertThat(taskLog).singleElement().asString()
                .startsWith("Loaded depth (40 MiB) in ").contains("resident 40 MiB of 100 MiB");
        assertThat(r.loaded()).containsExactly("depth");
    }

    @Test
    void loadsAndResidentMemoryAreMetrics() {
        SimpleMeterRegistry seen = new SimpleMeterRegistry();
        Metrics.addRegistry(seen);
        try {
            ModelResidency r = residency(100);
            double before = seen.get(TaskMetrics.MODELS_RESIDENT).tag("engine", "onnx").gauge().value();
            r.acquire(ref("metric-a", 40), taskLog::add).close();
            r.acquire(ref("metric-a", 40), taskLog::add).close();
            r.acquire(ref("metric-b", 30), taskLog::add).close();

            assertThat(seen.get(TaskMetrics.MODEL_LOADS).tag("engine", "onnx").tag("model", "metric-a").timer()
                    .count()).as("loaded once, then resident").isEqualTo(1);
            assertThat(seen.get(TaskMetrics.MODELS_RESIDENT).tag("engine", "onnx").gauge().value() - before)
                    .isEqualTo(70.0 * MIB);
            r.unloadAll("for the test");
            assertThat(seen.get(TaskMetrics.MODELS_RESIDENT).tag("engine", "onnx").gauge().value()).isEqualTo(before);
        } finally {
            Metrics.removeRegistry(seen);
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedIdleModelWhenANewOneDoesNotFit() {
        ModelResidency r = residency(100);
        r.acquire(ref("a", 40), taskLog::add).close();
        r.acquire(ref("b", 40), taskLog::add).close();
        r.acquire(ref("a", 40), taskLog::add).close(); // a is now the most recently used
        r.acquire(ref("c", 40), taskLog::add).close();
        assertThat(r.loaded()).containsExactly("a", "c");
        assertThat(loader.last.get("b").closed).isTrue();
        assertThat(loader.last.get("a").closed).isFalse();
        assertThat(workerLog).contains("Unloaded b (40 MiB) to make room");
    }

    @Test
    void neverClosesASessionThatATaskIsUsing() {
        ModelResidency r = residency(100);
        var a = r.acquire(ref("a", 60), taskLog::add);
        try (var b = r.acquire(ref("b", 60), taskLog::add)) {
            assertThat(loader.last.get("a").closed).isFalse();
            assertThat(a.run(Map.of())).containsKey("out");
            assertThat(r.leased()).containsExactly("a", "b");
        }
        assertThat(workerLog).anySatisfy(l -> assertThat(l).contains("over the model memory budget"));
        a.close();
        // both idle now; a third model evicts the older one first
        r.acquire(ref("c", 60), taskLog::add).close();
        assertThat(r.loaded()).containsExactly("c");
    }

    @Test
    void anOutOfMemoryFailsTheTaskResetsSessionsAndTheNextTaskReloads() {
        ModelResidency r = residency(100);
        r.acquire(ref("idle", 10), taskLog::add).close();
        var lease = r.acquire(ref("unet", 50), taskLog::add);
        loader.last.get("unet").outOfMemory = true;
        assertThatThrownBy(() -> lease.run(Map.of()))
                .isInstanceOf(ModelOutOfMemoryException.class)
                .hasMessageContaining("out of memory while running unet");
        assertThat(loader.last.get("idle").closed).isTrue();
        assertThat(loader.last.get("unet").closed).as("still leased by the failing task").isFalse();
        assertThat(r.loaded()).isEmpty();
        lease.close();
        assertThat(loader.last.get("unet").closed).isTrue();
        assertThat(workerLog).contains("Model sessions reset (2 dropped) after an out-of-memory");

        try (var again = r.acquire(ref("unet", 50), taskLog::add)) {
            assertThat(again.run(Map.of())).containsKey("out");
        }
        assertThat(loader.loads).containsExactly("idle", "unet", "unet");
    }

    @Test
    void anOutOfMemoryWhileLoadingDropsIdleSessionsAndTriesOnceMore() {
        ModelResidency r = residency(1000);
        r.acquire(ref("other", 10), taskLog::add).close();
        loader.outOfMemoryLoadsLeft = 1;
        try (var lease = r.acquire(ref("big", 500), taskLog::add)) {
            assertThat(lease.run(Map.of())).containsKey("out");
        }
        assertThat(loader.last.get("other").closed).isTrue();
        assertThat(r.loaded()).containsExactly("big");

        loader.outOfMemoryLoadsLeft = 2;
        assertThatThrownBy(() -> r.acquire(ref("huge", 900), taskLog::add))
                .isInstanceOf(ModelOutOfMemoryException.class);
        assertThat(r.loaded()).as("nothing half-loaded is kept").doesNotContain("huge");
    }

    @Test
    void theLoadedListCanBeReadWhileAnotherModelIsStillLoading() throws Exception {
        java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ModelResidency r = new ModelResidency((name, file) -> {
            if (name.equals("slow")) {
                loading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new FakeSession(name);
        }, 100 * MIB, workerLog::add);
        r.acquire(ref("resident", 10), taskLog::add).close();
        Thread loader = Thread.ofVirtual().start(() -> r.acquire(ref("slow", 10), taskLog::add).close());
        loading.await();

        // the heartbeat publishes this list: it must not wait for the load (which holds the residency's lock)
        var names = java.util.concurrent.CompletableFuture.supplyAsync(r::loaded)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(names).containsExactly("resident");

        release.countDown();
        loader.join();
        assertThat(r.loaded()).containsExactly("resident", "slow");
    }

    @Test
    void aLeaseClosedTwiceReleasesOnce() {
        ModelResidency r = residency(100);
        var first = r.acquire(ref("a", 10), taskLog::add);
        var second = r.acquire(ref("a", 10), taskLog::add);
        first.close();
        first.close();
        assertThat(r.leased()).containsExactly("a");
        second.close();
        assertThat(r.leased()).isEmpty();
    }

    @Test
    void estimatesAModelByItsFileAndItsExternalData() throws Exception {
        Path model = Files.write(dir.resolve("model.onnx"), new byte[1000]);
        Files.write(dir.resolve("model.onnx_data"), new byte[5000]);
        Files.write(dir.resolve("other.onnx"), new byte[7000]);
        assertThat(ModelResidency.ModelRef.of("unet", model).bytes()).isEqualTo(6000);
    }

    @Test
    void closingTheResidencyClosesEveryIdleSession() {
        ModelResidency r = residency(100);
        r.acquire(ref("a", 10), taskLog::add).close();
        r.close();
        assertThat(loader.last.get("a").closed).isTrue();
        assertThat(r.loaded()).isEmpty();
    }

    @Test
    void unloadingEverythingClosesIdleSessionsNowAndLeasedOnesWhenTheirTaskEnds() {
        ModelResidency r = residency(100);
        r.acquire(ref("idle", 10), taskLog::add).close();
        var busy = r.acquire(ref("busy", 20), taskLog::add);

        assertThat(r.unloadAll("to free the GPU for ComfyUI")).isEqualTo(2);

        assertThat(loader.last.get("idle").closed).isTrue();
        assertThat(loader.last.get("busy").closed).as("in use").isFalse();
        assertThat(r.loaded()).isEmpty();
        assertThat(workerLog).last().isEqualTo("Unloaded 2 models (30 MiB) to free the GPU for ComfyUI");
        busy.close();
        assertThat(loader.last.get("busy").closed).isTrue();
        r.acquire(ref("idle", 10), taskLog::add).close();
        assertThat(loader.loads).containsExactly("idle", "busy", "idle");
        assertThat(r.unloadAll("again")).isEqualTo(1);
        assertThat(residency(100).unloadAll("nothing loaded")).isZero();
    }
}
