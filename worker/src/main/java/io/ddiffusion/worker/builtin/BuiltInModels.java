package io.ddiffusion.worker.builtin;

import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.images.local.comfy.ComfyImageModels;
import io.ddiffusion.worker.models.LocalModels;
import io.ddiffusion.worker.videos.local.comfy.ComfyVideoModels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every local model of the build with the files it loads: the ONNX manifests ({@link LocalModels#BUILT_IN}) and the
 * models that run as pinned ComfyUI workflows. why here: the ComfyUI models live beside their graphs, which depend
 * on the manifest types, so only a package above both can list them together.
 */
public final class BuiltInModels {
    /** The models that run as pinned ComfyUI workflows. */
    public static final List<ComfyModel> COMFY = Stream.concat(ComfyImageModels.ALL.stream(),
            ComfyVideoModels.ALL.stream()).toList();

    /** Every local model, for {@code ./ddiffusion models list|pull|verify}. */
    public static final LocalModels LOCAL = new LocalModels(Stream.concat(LocalModels.BUILT_IN.all().stream(),
            COMFY.stream().map(ComfyModel::localModel)).toList());

    private BuiltInModels() {
    }

    /** The ComfyUI model with this name, if it is one. */
    public static Optional<ComfyModel> comfy(String name) {
        return COMFY.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The files each ComfyUI model's graphs load, which the sidecar's loaders must list. */
    static Map<ModelSpec, ComfyModel> comfyFiles() {
        Map<ModelSpec, ComfyModel> files = new HashMap<>();
        for (ImageModel m : ImageModel.values()) {
            ComfyImageModels.model(m).ifPresent(c -> files.put(m, c));
        }
        for (VideoModel m : VideoModel.values()) {
            ComfyVideoModels.model(m).ifPresent(c -> files.put(m, c));
        }
        return files;
    }

    /** A graph per mode of each ComfyUI model, which the sidecar's node definitions must accept. */
    static Map<ModelSpec, List<ComfyGraph>> comfyGraphs() {
        Map<ModelSpec, List<ComfyGraph>> graphs = new HashMap<>();
        for (ImageModel m : ImageModel.values()) {
            ComfyImageModels.model(m).ifPresent(c -> graphs.put(m, ComfyImageModels.graphs(m)));
        }
        for (VideoModel m : VideoModel.values()) {
            ComfyVideoModels.model(m).ifPresent(c -> graphs.put(m, ComfyVideoModels.graphs(m)));
        }
        return graphs;
    }
}
