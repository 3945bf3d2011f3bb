package io.ddiffusion.worker.models.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens ONNX models on the device the worker was configured for. CUDA is used when asked for (or {@code auto}) and
 * usable — the {@code onnxruntime_gpu} build is on the class path and its CUDA libraries load; otherwise sessions run
 * on the CPU and one log line says why.
 */
public final class OnnxEngine implements ModelResidency.Loader {
    private final OrtEnvironment env;
    private final OnnxDevice device;
    private final int cudaDeviceId;
    private final int cpuThreads;

    private OnnxEngine(OrtEnvironment env, OnnxDevice device, int cudaDeviceId, int cpuThreads) {
        this.env = env;
        this.device = device;
        this.cudaDeviceId = cudaDeviceId;
        this.cpuThreads = cpuThreads;
    }

    /** Starts the engine on {@code requested}, falling back to the CPU (with a log line) when CUDA is not usable. */
    public static OnnxEngine start(OnnxDevice requested, Consumer<String> log) {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "ddiffusion");
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        if (requested == OnnxDevice.CPU) {
            log.accept("ONNX Runtime on CPU (" + threads + " threads), as configured");
            return new OnnxEngine(env, OnnxDevice.CPU, 0, threads);
        }
        String whyNot = cudaUnusableReason();
        if (whyNot == null) {
            log.accept("ONNX Runtime on CUDA device 0");
            return new OnnxEngine(env, OnnxDevice.CUDA, 0, threads);
        }
        log.accept("ONNX Runtime on CPU (" + threads + " threads): CUDA " + (requested == OnnxDevice.CUDA
                ? "was requested but " : "") + "is not usable: " + whyNot);
        return new OnnxEngine(env, OnnxDevice.CPU, 0, threads);
    }

    /** Null when CUDA can be used; otherwise why not, in words an operator can act on. */
    private static String cudaUnusableReason() {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return "this build has the CPU ONNX Runtime (build workers with -Pgpu for onnxruntime_gpu)";
        }
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            probe.addCUDA(0);
            return null;
        } catch (OrtException | UnsatisfiedLinkError e) {
            return "the CUDA provider did not load (" + e.getMessage()
                    + "); it needs CUDA 12 and cuDNN 9 libraries on the library path";
        }
    }

    /** The device sessions run on: CPU or CUDA, never AUTO. */
    public OnnxDevice device() {
        return device;
    }

    @Override
    public InferenceSession load(String name, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InferenceException(name + ": model file " + file + " is missing");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device == OnnxDevice.CUDA) {
                options.addCUDA(cudaDeviceId);
            } else {
                options.setIntraOpNumThreads(cpuThreads);
            }
            // why: open the snapshot path, not the blob it links to: external data (model.onnx_data) is found by
            // its repo file name next to the model, and only the snapshot folder keeps those names.
            OrtSession session = env.createSession(file.toString(), options);
            return new OrtInferenceSession(name, env, session);
        } catch (OrtException e) {
            if (ModelOutOfMemoryException.isOutOfMemory(e)) {
                throw new ModelOutOfMemoryException("out of memory while loading " + name, e);
            }
            throw new InferenceException("could not load " + name + " from " + file + ": " + e.getMessage(), e);
        }
    }
}
