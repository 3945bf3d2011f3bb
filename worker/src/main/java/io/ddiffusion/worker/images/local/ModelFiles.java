package io.ddiffusion.worker.images.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local files of one model by component role ({@code unet}, {@code text_encoder}, {@code vision_encoder}, …), as
 * the weights store resolved them (snapshot paths in the Hugging Face cache) or as a test laid them out.
 */
public record ModelFiles(String model, Map<String, Path> paths) {
    public ModelFiles {
        paths = Map.copyOf(paths);
    }

    /** The file of {@code role}; a missing role is a programming error in a pipeline or a manifest. */
    public Path path(String role) {
        Path p = paths.get(role);
        if (p == null) {
            throw new IllegalStateException(model + " has no component '" + role + "' (has " + new TreeMap<>(paths)
                    .keySet() + ")");
        }
        return p;
    }

    public boolean has(String role) {
        return paths.containsKey(role);
    }
}
