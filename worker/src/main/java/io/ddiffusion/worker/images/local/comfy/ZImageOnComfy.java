package io.ddiffusion.worker.images.local.comfy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import java.util.List;

/** {@code z-image}: Z-Image-Turbo as a pinned ComfyUI workflow ({@link ZImage}). */
public final class ZImageOnComfy implements ImageHandler {
    private final ComfyModelRun engine;

    public ZImageOnComfy(ComfyModelRun engine) {
        this.engine = engine;
    }

    @Override
    public ImageModel model() {
        return ImageModel.Z_IMAGE;
    }

    @Override
    public List<String> run(ImageContext context) throws Exception {
        return ComfyImageTask.run(engine, model(), context);
    }
}
