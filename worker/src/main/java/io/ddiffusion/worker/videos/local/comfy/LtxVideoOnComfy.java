package io.ddiffusion.worker.videos.local.comfy;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import java.util.List;

/** {@code ltx-video}: LTX-Video 13B distilled as pinned ComfyUI workflows ({@link LtxVideo}). */
public final class LtxVideoOnComfy implements VideoHandler {
    private final ComfyModelRun engine;

    public LtxVideoOnComfy(ComfyModelRun engine) {
        this.engine = engine;
    }

    @Override
    public VideoModel model() {
        return VideoModel.LTX_VIDEO;
    }

    @Override
    public List<String> run(VideoContext context) throws Exception {
        return ComfyVideoTask.run(engine, model(), context);
    }
}
