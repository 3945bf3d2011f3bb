package io.ddiffusion.worker.images.local;

import io.ddiffusion.worker.models.LocalModels;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.models.onnx.OnnxEngine;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.runtime.GpuEngine;
import io.ddiffusion.worker.runtime.Prerequisite;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What local pipelines share in one worker: the weights (downloaded on first use when allowed) and the resident
 * ONNX sessions. The engine starts on the first local task, so workers that never run one never load the native
 * ONNX Runtime. On CUDA it is the worker's {@link GpuEngine} for ONNX models: when the GPU passes to ComfyUI its
 * sessions are closed.
 */
public final class LocalRuntime implements AutoCloseable, Prerequisite, GpuEngine {

    /** Resolves a model's files, downloading missing ones (progress to {@code log}) or failing with what to do. */
    @FunctionalInterface
    public interface Weights {
        ModelPaths ensure(String model, Consumer<String> log);

        /**
         * Why a task for {@code model} could not get its weights now (not pinned, not pulled while downloads are
         * off), saying what to do; empty when they are here or can be downloaded on first use.
         */
        default Optional<String> unavailableReason(String model, Queue queue) {
            return Optional.empty();
        }

        /** The pinned weights of the built-in manifests ({@link LocalModels}), from the Hugging Face cache. */
        static Weights of(ModelWeights store) {
            return new Weights() {
                @Override
                public ModelPaths ensure(String model, Consumer<String> log) {
                    return store.ensure(LocalModels.BUILT_IN.require(model), log);
                }

                @Override
                public Optional<String> unavailableReason(String model, Queue queue) {
                    return LocalModels.BUILT_IN.find(model).map(m -> store.unavailableReason(m, queue))
                            .orElseGet(() -> Optional.of("no pinned weights for " + model + " in this build"));
                }
            };
        }
    }

    /** Starts ONNX Runtime on the device asked for: {@link OnnxEngine#start}, or a stand-in in tests. */
    @FunctionalInterface
    public interface EngineStart {
        Started start(OnnxDevice requested, Consumer<String> log);

        /** The real engine. */
        static EngineStart onnxRuntime() {
            return (requested, log) -> {
                OnnxEngine e = OnnxEngine.start(requested, log);
                return new Started(e, e.device());
            };
        }
    }

    /** A started engine: what loads sessions, and the device they run on (CPU or CUDA, never AUTO). */
    public record Started(ModelResidency.Loader loader, OnnxDevice device) {
    }

    private final Weights weights;
    private final OnnxDevice device;
    private final long budgetBytes;
    private final Consumer<String> workerLog;
    private final EngineStart start;
    // why: volatile, so the worker's heartbeat reads them without waiting for an engine start in progress
    private volatile ModelResidency residency;
    private volatile Started engine;

    /**
     * @param budgetBytes memory for resident models; 0 chooses one when the engine starts (see
     *     {@link #automaticBudget})
     */
    public LocalRuntime(Weights weights, OnnxDevice device, long budgetBytes, Consumer<String> workerLog) {
        this(weights, device, budgetBytes, workerLog, EngineStart.onnxRuntime());
    }

    /** With the engine started by {@code start} (tests: a CPU engine that says it runs on CUDA). */
    public LocalRuntime(Weights weights, OnnxDevice device, long budgetBytes, Consumer<String> workerLog,
            EngineStart start) {
        this.start = start;
        this.weights = weights;
        this.device = device;
        this.budgetBytes = budgetBytes;
        this.workerLog = workerLog;
    }

    /** Whether the weights of {@code model} are here or may be downloaded by its first task. */
    @Override
    public Optional<String> unmetFor(ModelSpec model) {
        return weights.unavailableReason(model.id(), model.queue());
    }

    /** The files of {@code model}, fetched first if they are missing and downloads are allowed. */
    public ModelPaths files(String model, Consumer<String> taskLog) {
        return weights.ensure(model, taskLog);
    }

    /** The residency manager, starting the engine on first use. */
    public synchronized ModelResidency residency() {
        if (residency == null) {
            engine = start.start(device, workerLog);
            long budget = budgetBytes > 0 ? budgetBytes : automaticBudget(engine.device());
            workerLog.accept("Local model memory budget " + (budget >> 20) + " MiB"
                    + (budgetBytes > 0 ? "" : " (automatic; set DDIFFUSION_MODEL_MEMORY_MB to change)"));
            residency = new ModelResidency(engine.loader(), budget, workerLog);
        }
        return residency;
    }

    /** The device sessions run on, once started; {@code device} as configured before. */
    public OnnxDevice device() {
        Started e = engine;
        return e == null ? device : e.device();
    }

    @Override
    public Kind gpuEngineKind() {
        return Kind.ONNX_RUNTIME;
    }

    /**
     * On CUDA, or before the first task on {@code auto}/{@code cuda} (it may turn out to be CUDA). why not on the CPU:
     * its sessions hold no GPU memory, and ComfyUI's work goes on beside them without contention for the card, so a
     * worker serialises nothing it need not.
     */
    @Override
    public boolean usesGpu() {
        Started e = engine;
        return e == null ? device != OnnxDevice.CPU : e.device() == OnnxDevice.CUDA;
    }

    /**
     * Closes every session on the GPU (the next task of each model loads it again, its load time in that task's
     * logs); nothing on the CPU. The CUDA context itself (a few hundred MiB) stays until the worker exits.
     */
    @Override
    public void freeGpu(Consumer<String> log) {
        ModelResidency r = residency;
        if (r != null && usesGpu()) {
            int n = r.unloadAll("to free the GPU for ComfyUI");
            log.accept("Closed " + n + " ONNX Runtime " + (n == 1 ? "session" : "sessions") + " on the GPU");
        }
    }

    /** Whether a local task has started the engine yet. */
    public boolean started() {
        return engine != null;
    }

    /** Names of resident models (empty before the first local task). */
    public java.util.List<String> loadedModels() {
        ModelResidency r = residency;
        return r == null ? java.util.List.of() : r.loaded();
    }

    /**
     * On the CPU, half the machine's memory; on CUDA, 20 GiB (the JVM cannot see GPU memory: set
     * {@code DDIFFUSION_MODEL_MEMORY_MB} to the card's memory less the working room a pipeline needs).
     */
    static long automaticBudget(OnnxDevice device) {
        if (device == OnnxDevice.CUDA) {
            return 20L << 30;
        }
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 8L << 30;
        return Math.max(1L << 30, total / 2);
    }

    @Override
    public synchronized void close() {
        if (residency != null) {
            residency.close();
        }
    }
}
