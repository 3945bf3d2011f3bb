package io.ddiffusion.worker.testing;

import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.out;

import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.onnx.InferenceSession;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.onnx.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Starts the local runtime's engine with real ONNX Runtime sessions on the CPU, counted as they load and close;
 * {@code reported} is the device the engine says it started on, so a CPU build can stand in for CUDA (which tests
 * lack) where only the device's name matters: whether its sessions are closed to free the GPU.
 */
public final class CountingOnnxStart implements LocalRuntime.EngineStart {
    public final AtomicInteger loads = new AtomicInteger();
    public final AtomicInteger closes = new AtomicInteger();
    private final OnnxDevice reported;

    public CountingOnnxStart(OnnxDevice reported) {
        this.reported = reported;
    }

    @Override
    public LocalRuntime.Started start(OnnxDevice requested, Consumer<String> log) {
        ModelResidency.Loader cpu = LocalRuntime.EngineStart.onnxRuntime().start(OnnxDevice.CPU, log).loader();
        return new LocalRuntime.Started((name, file) -> {
            loads.incrementAndGet();
            return counted(cpu.load(name, file));
        }, reported);
    }

    /** A runtime of one tiny model, {@code doubler} (y = 2x), its file in {@code dir}, started by {@code start}. */
    public static LocalRuntime doublerRuntime(Path dir, OnnxDevice configured, LocalRuntime.EngineStart start,
            List<String> workerLog) throws IOException {
        Path file = TinyOnnx.model("doubler").input("x", TinyOnnx.FLOAT, 1).output("y", TinyOnnx.FLOAT, 1)
                .constant("two", TinyOnnx.FLOAT, new float[] {2f}).node("Mul", in("x", "two"), out("y"))
                .save(dir.resolve("doubler.onnx"));
        return new LocalRuntime((name, log) -> new ModelPaths(name, Map.of("model", file)), configured, 1L << 30,
                workerLog::add, start);
    }

    /** Runs {@code doubler} on 21 once, as a task of a local model would; returns 42. */
    public static float runDoubler(LocalRuntime runtime, List<String> taskLog) {
        return runDoubler(runtime, (Consumer<String>) taskLog::add);
    }

    /** As {@link #runDoubler(LocalRuntime, List)}, with the task's log lines to {@code taskLog}. */
    public static float runDoubler(LocalRuntime runtime, Consumer<String> taskLog) {
        Path file = runtime.files("doubler", taskLog).path("model");
        try (ModelResidency.Lease lease = runtime.residency().acquire(ModelResidency.ModelRef.of("doubler", file),
                taskLog)) {
            return ((Tensor.Floats) lease.run(Map.of("x", Tensor.floats(new float[] {21f}, 1))).get("y")).data()[0];
        }
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
