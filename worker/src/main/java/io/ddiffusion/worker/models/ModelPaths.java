package io.ddiffusion.worker.models;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a model's files are on disk, by role: snapshot paths in the {@code huggingface_hub} cache, so an ONNX graph and
 * its external-data file ({@code model.onnx} + {@code model.onnx_data}) sit side by side, as ONNX Runtime expects.
 *
 * @param model the model's name
 * @param paths the path of each component, in manifest order
 */
public record ModelPaths(String model, Map<String, Path> paths) {

    public ModelPaths {
        paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    }

    /** The path of the component with this role. */
    public Path path(String role) {
        Path path = paths.get(role);
        if (path == null) {
            throw new IllegalArgumentException("local model " + model + " has no component '" + role + "'; it has "
                    + paths.keySet());
        }
        return path;
    }
}
