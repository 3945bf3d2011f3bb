package io.ddiffusion.worker.images.local;

import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.out;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.onnx.InferenceSession;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.onnx.TensorSpec;
import io.ddiffusion.worker.runtime.GpuEngine;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runtime as the GPU engine of ONNX models: on CUDA it closes its sessions to free the card. */
class LocalRuntimeGpuTest {
    @TempDir
    Path dir;
    private final List<String> workerLog = new CopyOnWriteArrayList<>();
    private final List<String> taskLog = new ArrayList<>();
    private LocalRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * Real ONNX Runtime sessions of a tiny model, counted as they load and close; {@code reported} is the device
     * the engine says it started on (the CPU build stands in for CUDA, which this machine lacks).
     */
    static final class CountingStart implements LocalRuntime.EngineStart {
        final OnnxDevice reported;
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        CountingStart(OnnxDevice reported) {
            this.reported = reported;
        }

        @Override
        public LocalRuntime.Started start(OnnxDevice requested, java.util.function.Consumer<String> log) {
            ModelResidency.Loader cpu = LocalRuntime.EngineStart.onnxRuntime().start(OnnxDevice.CPU, log).loader();
            return new LocalRuntime.Started((name, file) -> {
                loads.incrementAndGet();
                return counted(cpu.load(name, file));
            }, reported);
        }

        private InferenceSession counted(InferenceSession session) {
            return new InferenceSession() {
                @Override
                public Map<String, TensorSpec> inputs() {
                    return session.inputs();
                }

                @Override
                public Map<String, TensorSpec> outputs() {
                    return session.outputs();
                }

                @Override
                public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
                    return session.run(inputs, outputs);
                }

                @Override
                public void close() {
                    closes.incrementAndGet();
                    session.close();
                }
            };
        }
    }

    /** A runtime of one tiny model, {@code doubler}, on an engine started by {@code start}. */
    static LocalRuntime runtime(Path dir, OnnxDevice configured, LocalRuntime.EngineStart start,
            List<String> workerLog) throws IOException {
        Path file = TinyOnnx.model("doubler").input("x", TinyOnnx.FLOAT, 1).output("y", TinyOnnx.FLOAT, 1)
                .constant("two", TinyOnnx.FLOAT, new float[] {2f}).node("Mul", in("x", "two"), out("y"))
                .save(dir.resolve("doubler.onnx"));
        return new LocalRuntime((name, log) -> new ModelPaths(name, Map.of("model", file)), configured, 1L << 30,
                workerLog::add, start);
    }

    /** Runs the tiny model once, as a task of a local model would. */
    static float runOnce(LocalRuntime runtime, List<String> taskLog) {
        Path file = runtime.files("doubler", taskLog::add).path("model");
        try (ModelResidency.Lease lease = runtime.residency().acquire(ModelResidency.ModelRef.of("doubler", file),
                taskLog::add)) {
            return ((Tensor.Floats) lease.run(Map.of("x", Tensor.floats(new float[] {21f}, 1))).get("y")).data()[0];
        }
    }

    @Test
    void onCudaFreeingTheGpuClosesEverySessionAndTheNextTaskLoadsItsModelAgain() throws Exception {
        CountingStart start = new CountingStart(OnnxDevice.CUDA);
        runtime = runtime(dir, OnnxDevice.AUTO, start, workerLog);
        assertThat(runtime.gpuEngineKind()).isEqualTo(GpuEngine.Kind.ONNX_RUNTIME);
        assertThat(runtime.usesGpu()).as("auto, before the engine starts: it may be CUDA").isTrue();
        assertThat(runOnce(runtime, taskLog)).isEqualTo(42f);
        runOnce(runtime, taskLog);
        assertThat(start.loads).as("warm between tasks").hasValue(1);

        runtime.freeGpu(taskLog::add);

        assertThat(start.closes).hasValue(1);
        assertThat(runtime.loadedModels()).isEmpty();
        assertThat(taskLog).last().isEqualTo("Closed 1 ONNX Runtime session on the GPU");
        assertThat(workerLog).anyMatch(l -> l.matches("Unloaded 1 model \\(0 MiB\\) to free the GPU for ComfyUI"));
        assertThat(runOnce(runtime, taskLog)).isEqualTo(42f);
        assertThat(start.loads).hasValue(2);
    }

    @Test
    void onTheCpuItDoesNotUseTheGpuAndFreeingItClosesNothing() throws Exception {
        CountingStart start = new CountingStart(OnnxDevice.CPU);
        runtime = runtime(dir, OnnxDevice.AUTO, start, workerLog);
        runOnce(runtime, taskLog);

        assertThat(runtime.usesGpu()).isFalse();
        runtime.freeGpu(taskLog::add);

        assertThat(start.closes).hasValue(0);
        assertThat(runtime.loadedModels()).containsExactly("doubler");
        LocalRuntime cpu = runtime(dir.resolve("cpu"), OnnxDevice.CPU, start, workerLog);
        assertThat(cpu.usesGpu()).as("configured for the CPU: known before it starts").isFalse();
    }

    @Test
    void beforeItsFirstTaskFreeingTheGpuStartsNothing() throws Exception {
        CountingStart start = new CountingStart(OnnxDevice.CUDA);
        runtime = runtime(dir, OnnxDevice.CUDA, start, workerLog);

        runtime.freeGpu(taskLog::add);

        assertThat(runtime.started()).isFalse();
        assertThat(taskLog).isEmpty();
    }
}
