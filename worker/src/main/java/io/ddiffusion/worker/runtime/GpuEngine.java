package io.ddiffusion.worker.runtime;

import java.util.function.Consumer;

/**
 * Something handlers run models on that keeps them in the worker's GPU memory between tasks: ONNX Runtime in the
 * process, or the ComfyUI sidecar. A worker whose handlers share one GPU between two engines lets one task at a time
 * use it, and has the engine that used it last give its memory back before the other engine's task starts (see
 * {@link GpuDevice}).
 */
public interface GpuEngine {
    /** Which engine: engines of one kind share their memory, so passing the device between them frees nothing. */
    enum Kind {
        ONNX_RUNTIME("ONNX Runtime"),
        COMFYUI("ComfyUI");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    Kind gpuEngineKind();

    /** Whether its tasks use the GPU now (ONNX Runtime on the CPU does not). Cheap: asked before every task. */
    boolean usesGpu();

    /**
     * Gives back the GPU memory the engine keeps between tasks (its models stay on disk and load again when next
     * needed), saying what it did to {@code log}. Called while the caller holds the device, so none of this engine's
     * tasks runs.
     *
     * @throws RuntimeException when it could not; the caller logs it and goes on
     */
    void freeGpu(Consumer<String> log);
}
