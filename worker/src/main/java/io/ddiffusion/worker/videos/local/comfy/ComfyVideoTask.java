package io.ddiffusion.worker.videos.local.comfy;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun.Upload;
import java.util.ArrayList;
import java.util.List;

/**
 * A video task on its pinned ComfyUI workflow, as every video model's handler runs it: first and last frames uploaded
 * as PNG, an input video as it came (the graphs' conditioning nodes fit frames to the working size themselves), and
 * the graph built by {@link ComfyVideoModels#graph}.
 */
final class ComfyVideoTask {

    private ComfyVideoTask() {
    }

    static List<String> run(ComfyModelRun engine, VideoModel model, VideoContext ctx) throws Exception {
        List<Upload> uploads = new ArrayList<>();
        ctx.image().ifPresent(i -> uploads.add(new Upload("image", Images.png(i), "png")));
        ctx.lastImage().ifPresent(i -> uploads.add(new Upload("last_image", Images.png(i), "png")));
        if (ctx.video().isPresent()) {
            TaskInputs.Input video = ctx.video().get();
            uploads.add(new Upload("video", video.bytes(), video.extension()));
        }
        VideoRequest r = ctx.request();
        Size size = new Size(ctx.width(), ctx.height());
        return engine.run(model, ctx.task(), uploads, names -> ComfyVideoModels.graph(model,
                ComfyVideoJob.of(ctx.prompt(), r.seed(), size, r.numFrames(), names)));
    }
}
