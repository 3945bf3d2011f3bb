package io.ddiffusion.worker.videos.local.comfy;

import io.ddiffusion.schema.videos.VideoModel;
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
 * The video models that run as pinned ComfyUI workflows: what the engine asks for a model's files and for the graph
 * of a task. Refuses what the registry does not allow a model, so a graph never silently drops an input.
 */
public final class ComfyVideoModels {

    /** Every video model run on ComfyUI, with the files its workflows load. */
    public static final List<ComfyModel> ALL = List.of(Wan2.MODEL, HunyuanVideo1.MODEL, LtxVideo.MODEL);

    private static final String UPLOAD = ComfyGraphCheck.PLACEHOLDER_UPLOAD;

    private ComfyVideoModels() {
    }

    /** The files of a registry model, when it runs on ComfyUI. */
    public static Optional<ComfyModel> model(VideoModel model) {
        return ALL.stream().filter(m -> m.name().equals(model.id())).findFirst();
    }

    /**
     * The graph of a task of this model.
     *
     * @throws IllegalArgumentException when the model does not run on ComfyUI, or the job asks for what the registry
     *     does not allow it (the API checks this first; this is the worker's own guard)
     */
    public static ComfyGraph graph(VideoModel model, ComfyVideoJob job) {
        check(model, job);
        return switch (model) {
            case WAN_2 -> Wan2.graph(job);
            case HUNYUAN_VIDEO_1 -> HunyuanVideo1.graph(job);
            case LTX_VIDEO -> LtxVideo.graph(job);
            default -> throw new IllegalArgumentException(model.id() + " does not run on ComfyUI");
        };
    }

    /**
     * The node classes the graphs of every mode the model allows use: what a sidecar must have before the model is
     * offered.
     */
    public static Set<String> nodeClasses(VideoModel model) {
        Set<String> classes = new TreeSet<>();
        graphs(model).forEach(g -> g.nodes().values().forEach(n -> classes.add(n.classType())));
        return classes;
    }

    /**
     * A graph for every mode the model allows (placeholder prompt, size, frames and inputs): what a sidecar's node
     * definitions must accept before the model is offered.
     */
    public static List<ComfyGraph> graphs(VideoModel model) {
        Size size = new Size(832, 480);
        List<Map<String, String>> modes = new ArrayList<>();
        if (model.textToVideo()) {
            modes.add(Map.of());
        }
        if (model.imageToVideo()) {
            modes.add(Map.of("image", UPLOAD + "image.png"));
        }
        if (model.lastImage()) {
            modes.add(Map.of("image", UPLOAD + "image.png", "last_image", UPLOAD + "last.png"));
        }
        if (model.videoToVideo()) {
            modes.add(Map.of("video", UPLOAD + "video.mp4"));
        }
        return modes.stream().map(uploaded -> graph(model, ComfyVideoJob.of("p", 1, size, 33, uploaded))).toList();
    }

    private static void check(VideoModel model, ComfyVideoJob job) {
        String refused = job.video().isPresent() && !model.videoToVideo() ? "video-to-video"
                : job.lastImage().isPresent() && !model.lastImage() ? "a last image"
                : job.image().isPresent() && !model.imageToVideo() ? "image-to-video"
                : job.image().isEmpty() && job.video().isEmpty() && !model.textToVideo() ? "text-to-video"
                : null;
        if (refused != null) {
            throw new IllegalArgumentException(model.id() + " does not do " + refused);
        }
    }
}
