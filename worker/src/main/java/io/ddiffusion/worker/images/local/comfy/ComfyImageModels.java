package io.ddiffusion.worker.images.local.comfy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyGraphCheck;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.media.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The image models that run as pinned ComfyUI workflows: what the engine asks for a model's files and for the graph
 * of a task. Refuses what the registry does not allow a model, so a graph never silently drops an input.
 */
public final class ComfyImageModels {

    /** Every image model run on ComfyUI, with the files its workflows load. */
    public static final List<ComfyModel> ALL = List.of(Flux1.MODEL, Flux2.DEV, Flux2.KLEIN, QwenImage.MODEL,
            ZImage.MODEL);

    private static final String UPLOAD = ComfyGraphCheck.PLACEHOLDER_UPLOAD;

    private ComfyImageModels() {
    }

    /** The files of a registry model, when it runs on ComfyUI. */
    public static Optional<ComfyModel> model(ImageModel model) {
        return ALL.stream().filter(m -> m.name().equals(model.id())).findFirst();
    }

    /**
     * The graph of a task of this model.
     *
     * @throws IllegalArgumentException when the model does not run on ComfyUI, or the job asks for what the registry
     *     does not allow it (the API checks this first; this is the worker's own guard)
     */
    public static ComfyGraph graph(ImageModel model, ComfyImageJob job) {
        check(model, job);
        return switch (model) {
            case FLUX_1 -> Flux1.graph(job);
            case FLUX_2 -> Flux2.graph(Flux2.Variant.DEV_MODEL, job);
            case FLUX_2_KLEIN -> Flux2.graph(Flux2.Variant.KLEIN_MODEL, job);
            case QWEN_IMAGE -> QwenImage.graph(job);
            case Z_IMAGE -> ZImage.graph(job);
            default -> throw new IllegalArgumentException(model.id() + " does not run on ComfyUI");
        };
    }

    /**
     * The node classes the graphs of every mode the model allows use: what a sidecar must have before the model is
     * offered.
     */
    public static Set<String> nodeClasses(ImageModel model) {
        Set<String> classes = new TreeSet<>();
        graphs(model).forEach(g -> g.nodes().values().forEach(n -> classes.add(n.classType())));
        return classes;
    }

    /**
     * A graph for every mode the model allows (placeholder prompt, size and inputs): what a sidecar's node
     * definitions must accept before the model is offered.
     */
    public static List<ComfyGraph> graphs(ImageModel model) {
        Size size = new Size(1024, 1024);
        List<Map<String, String>> modes = new ArrayList<>();
        if (model.textToImage()) {
            modes.add(Map.of());
        }
        if (model.imageToImage()) {
            modes.add(Map.of("image", UPLOAD + "image.png"));
        }
        if (model.inpainting()) {
            modes.add(Map.of("image", UPLOAD + "image.png", "mask", UPLOAD + "mask.png"));
        }
        if (model.references()) {
            modes.add(Map.of("references[0]", UPLOAD + "reference.png"));
        }
        return modes.stream().map(uploaded -> graph(model, ComfyImageJob.of("p", 1, 0.5, size, uploaded))).toList();
    }

    private static void check(ImageModel model, ComfyImageJob job) {
        String refused = !job.references().isEmpty() && !model.references() ? "references"
                : job.mask().isPresent() && !model.inpainting() ? "inpainting"
                : job.mask().isEmpty() && job.image().isPresent() && !model.imageToImage() ? "image-to-image"
                : job.image().isEmpty() && job.references().isEmpty() && !model.textToImage() ? "text-to-image"
                : null;
        if (refused != null) {
            throw new IllegalArgumentException(model.id() + " does not do " + refused);
        }
    }
}
