package io.ddiffusion.worker.images.local.comfy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun.Upload;
import java.util.ArrayList;
import java.util.List;

/**
 * An image task on its pinned ComfyUI workflow, as every image model's handler runs it: image and mask centre-cropped
 * to multiples of 16 (the size every image graph floors to, so image, mask and latent agree), uploaded as PNG with
 * the references, and the graph built by {@link ComfyImageModels#graph}.
 */
final class ComfyImageTask {
    static final int MULTIPLE = 16;

    private ComfyImageTask() {
    }

    static List<String> run(ComfyModelRun engine, ImageModel model, ImageContext context) throws Exception {
        ImageContext ctx = context.ensureDivisible(MULTIPLE);
        List<Upload> uploads = new ArrayList<>();
        ctx.image().ifPresent(i -> uploads.add(new Upload("image", Images.png(i), "png")));
        ctx.mask().ifPresent(m -> uploads.add(new Upload("mask", Images.png(m), "png")));
        for (int i = 0; i < ctx.references().size(); i++) {
            uploads.add(new Upload("references[" + i + "]", Images.png(ctx.references().get(i)), "png"));
        }
        ImageRequest r = ctx.request();
        Size size = new Size(ctx.width(), ctx.height());
        return engine.run(model, ctx.task(), uploads, names -> ComfyImageModels.graph(model,
                ComfyImageJob.of(ctx.prompt(), r.seed(), r.strength(), size, names)));
    }
}
