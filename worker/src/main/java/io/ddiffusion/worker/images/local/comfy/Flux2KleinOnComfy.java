package io.ddiffusion.worker.images.local.comfy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import java.util.List;

/** {@code flux-2-klein}: FLUX.2 klein 9B as a pinned ComfyUI workflow ({@link Flux2}). */
public final class Flux2KleinOnComfy implements ImageHandler {
    private final ComfyModelRun engine;

    public Flux2KleinOnComfy(ComfyModelRun engine) {
        this.engine = engine;
    }

    @Override
    public ImageModel model() {
        return ImageModel.FLUX_2_KLEIN;
    }

    @Override
    public List<String> run(ImageContext context) throws Exception {
        return ComfyImageTask.run(engine, model(), context);
    }
}
