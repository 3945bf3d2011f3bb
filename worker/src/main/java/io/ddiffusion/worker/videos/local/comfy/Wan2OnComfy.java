package io.ddiffusion.worker.videos.local.comfy;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import java.util.List;

/** {@code wan-2}: Wan 2.2 14B text- and image-to-video as pinned ComfyUI workflows ({@link Wan2}). */
public final class Wan2OnComfy implements VideoHandler {
    private final ComfyModelRun engine;

    public Wan2OnComfy(ComfyModelRun engine) {
        this.engine = engine;
    }

    @Override
    public VideoModel model() {
        return VideoModel.WAN_2;
    }

    @Override
    public List<String> run(VideoContext context) throws Exception {
        return ComfyVideoTask.run(engine, model(), context);
    }
}
