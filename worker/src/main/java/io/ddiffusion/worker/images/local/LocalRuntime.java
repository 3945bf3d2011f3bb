package io.ddiffusion.worker.images.local;

import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.OnnxDevice;
import io.ddiffusion.worker.models.onnx.OnnxEngine;
import java.util.function.Consumer;

/**
 * What local pipelines share in one worker: the weights (downloaded on first use when allowed) and the resident
 * ONNX sessions. The engine starts on the first local task, so workers that never run one never load the native
 * ONNX Runtime.
 */
public final class LocalRuntime implements AutoCloseable {

    /** Resolves a model's files, downloading missing ones (progress to {@code log}) or failing with what to do. */
    @FunctionalInterface
    public interface Weights {
        ModelFiles ensure(String model, Consumer<String> log);
    }

    private final Weights weights;
    private final OnnxDevice device;
    private final long budgetBytes;
    private final Consumer<String> workerLog;
    private ModelResidency residency;
    private OnnxEngine engine;

    public LocalRuntime(Weights weights, OnnxDevice device, long budgetBytes, Consumer<String> workerLog) {
        this.weights = weights;
        this.device = device;
        this.budgetBytes = budgetBytes;
        this.workerLog = workerLog;
    }

    /** The files of {@code model}, fetched first if they are missing and downloads are allowed. */
    public ModelFiles files(String model, Consumer<String> taskLog) {
        return weights.ensure(model, taskLog);
    }

    /** The residency manager, starting the engine on first use. */
    public synchronized ModelResidency residency() {
        if (residency == null) {
            engine = OnnxEngine.start(device, workerLog);
            residency = new ModelResidency(engine, budgetBytes, workerLog);
        }
        return residency;
    }

    /** The device sessions run on, once started; {@code device} as configured before. */
    public synchronized OnnxDevice device() {
        return engine == null ? device : engine.device();
    }

    /** Names of resident models (empty before the first local task). */
    public synchronized java.util.List<String> loadedModels() {
        return residency == null ? java.util.List.of() : residency.loaded();
    }

    @Override
    public synchronized void close() {
        if (residency != null) {
            residency.close();
        }
    }
}
