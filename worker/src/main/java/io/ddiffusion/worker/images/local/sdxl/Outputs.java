package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.models.onnx.Tensor;
import java.util.Map;
import java.util.Set;

/** Takes float outputs from a component's run, failing with the component's name when one is missing. */
final class Outputs {
    private Outputs() {
    }

    /** Runs {@code model} for its one float output {@code name}. */
    static Tensor.Floats run(Lease model, Map<String, Tensor> inputs, String name) {
        return floats(model, model.run(inputs, Set.of(name)), name);
    }

    static Tensor.Floats floats(Lease model, Map<String, Tensor> outputs, String name) {
        if (outputs.get(name) instanceof Tensor.Floats f) {
            return f;
        }
        throw new InferenceException(model + " returned no float '" + name + "' output");
    }
}
