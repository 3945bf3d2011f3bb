package io.ddiffusion.worker.images.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.runtime.GpuEngine;
import io.ddiffusion.worker.testing.CountingOnnxStart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    @Test
    void onCudaFreeingTheGpuClosesEverySessionAndTheNextTaskLoadsItsModelAgain() throws Exception {
        CountingOnnxStart start = new CountingOnnxStart(OnnxDevice.CUDA);
        runtime = CountingOnnxStart.doublerRuntime(dir, OnnxDevice.AUTO, start, workerLog);
        assertThat(runtime.gpuEngineKind()).isEqualTo(GpuEngine.Kind.ONNX_RUNTIME);
        assertThat(runtime.usesGpu()).as("auto, before the engine starts: it may be CUDA").isTrue();
        assertThat(CountingOnnxStart.runDoubler(runtime, taskLog)).isEqualTo(42f);
        CountingOnnxStart.runDoubler(runtime, taskLog);
        assertThat(start.loads).as("warm between tasks").hasValue(1);

        runtime.freeGpu(taskLog::add);

        assertThat(start.closes).hasValue(1);
        assertThat(runtime.loadedModels()).isEmpty();
        assertThat(taskLog).last().isEqualTo("Closed 1 ONNX Runtime session on the GPU");
        assertThat(workerLog).anyMatch(l -> l.matches("Unloaded 1 model \\(0 MiB\\) to free the GPU for ComfyUI"));
        assertThat(CountingOnnxStart.runDoubler(runtime, taskLog)).isEqualTo(42f);
        assertThat(start.loads).hasValue(2);
    }

    @Test
    void onTheCpuItDoesNotUseTheGpuAndFreeingItClosesNothing() throws Exception {
        CountingOnnxStart start = new CountingOnnxStart(OnnxDevice.CPU);
        runtime = CountingOnnxStart.doublerRuntime(dir, OnnxDevice.AUTO, start, workerLog);
        CountingOnnxStart.runDoubler(runtime, taskLog);

        assertThat(runtime.usesGpu()).isFalse();
        runtime.freeGpu(taskLog::add);

        assertThat(start.closes).hasValue(0);
        assertThat(runtime.loadedModels()).containsExactly("doubler");
        LocalRuntime cpu = CountingOnnxStart.doublerRuntime(dir.resolve("cpu"), OnnxDevice.CPU, start, workerLog);
        assertThat(cpu.usesGpu()).as("configured for the CPU: known before it starts").isFalse();
    }

    @Test
    void beforeItsFirstTaskFreeingTheGpuStartsNothing() throws Exception {
        CountingOnnxStart start = new CountingOnnxStart(OnnxDevice.CUDA);
        runtime = CountingOnnxStart.doublerRuntime(dir, OnnxDevice.CUDA, start, workerLog);

        runtime.freeGpu(taskLog::add);

        assertThat(runtime.started()).isFalse();
        assertThat(taskLog).isEmpty();
    }
}
