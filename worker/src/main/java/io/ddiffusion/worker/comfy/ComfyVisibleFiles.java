package io.ddiffusion.worker.comfy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model files a sidecar offers, by models folder, as its loaders' option lists in {@code /object_info} show them
 * (ComfyUI fills those lists from its models folders). A folder counts as known only when some loader lists at least
 * one file in it: an empty list cannot be told apart from an input whose options are not listed.
 *
 * @param byFolder the file names listed, for the folders known
 */
public record ComfyVisibleFiles(Map<ComfyFolder, Set<String>> byFolder) {
    public static final ComfyVisibleFiles UNKNOWN = new ComfyVisibleFiles(Map.of());

    public ComfyVisibleFiles {
        Map<ComfyFolder, Set<String>> copy = new EnumMap<>(ComfyFolder.class);
        byFolder.forEach((folder, names) -> copy.put(folder, Set.copyOf(names)));
        byFolder = Collections.unmodifiableMap(copy);
    }

    /** What the loaders of these definitions list. */
    public static ComfyVisibleFiles of(ComfyNodeDefinitions definitions) {
        Map<ComfyFolder, Set<String>> byFolder = new EnumMap<>(ComfyFolder.class);
        definitions.nodes().forEach((type, d) -> {
            Map<String, ComfyNodeDefinitions.Input> inputs = new LinkedHashMap<>(d.optional());
            inputs.putAll(d.required());
            inputs.forEach((name, input) -> ComfyFolder.readBy(type, name).ifPresent(folder -> {
                if (input.type().equals("COMBO") && !input.options().isEmpty()) {
                    byFolder.computeIfAbsent(folder, f -> new TreeSet<>()).addAll(input.options());
                }
            }));
        });
        return new ComfyVisibleFiles(byFolder);
    }

    /** The files of {@code model} in a known folder that the sidecar does not list. */
    public List<ComfyModelFile> missing(ComfyModel model) {
        return model.files().stream().filter(f -> byFolder.containsKey(f.folder())
                && !byFolder.get(f.folder()).contains(f.fileName())).toList();
    }
}
