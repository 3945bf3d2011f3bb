package io.ddiffusion.worker.models.onnx;

import java.util.Map;
import java.util.Set;

/**
 * One loaded model. Pipelines hand it {@link Tensor}s by input name and get tensors back by output name; the session
 * converts to and from the precision the export declares. Safe to run from several threads.
 */
public interface InferenceSession extends AutoCloseable {

    /** The inputs the model declares, by name. */
    Map<String, TensorSpec> inputs();

    /** The outputs the model declares, by name. */
    Map<String, TensorSpec> outputs();

    /**
     * Runs the model and returns the requested outputs (every output when {@code outputs} is empty).
     *
     * @throws ModelOutOfMemoryException when the device ran out of memory
     * @throws InferenceException for any other failure, naming the model
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs);

    /** Runs the model and returns every output. */
    default Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return run(inputs, Set.of());
    }

    /** Frees the session's native memory. */
    @Override
    void close();
}
