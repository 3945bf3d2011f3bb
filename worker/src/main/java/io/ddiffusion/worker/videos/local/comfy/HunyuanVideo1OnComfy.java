package io.ddiffusion.worker.videos.local.comfy;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import java.util.List;

/** {@code hunyuan-video-1}: HunyuanVideo 1.5 480p as pinned ComfyUI workflows ({@link HunyuanVideo1}). */
public final class HunyuanVideo1OnComfy implements VideoHandler {
    private final ComfyModelRun engine;

    public HunyuanVideo1OnComfy(ComfyModelRun engine) {
        this.engine = engine;
    }

    @Override
    public VideoModel model() {
        return VideoModel.HUNYUAN_VIDEO_1;
    }

    @Override
    public List<String> run(VideoContext context) throws Exception {
        return ComfyVideoTask.run(engine, model(), context);
    }
}
