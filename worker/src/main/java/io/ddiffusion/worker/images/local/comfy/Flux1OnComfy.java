package io.ddiffusion.worker.images.local.comfy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import java.util.List;

/** {@code flux-1}: FLUX.1 Krea dev, Kontext dev and Fill dev as pinned ComfyUI workflows ({@link Flux1}). */
public final class Flux1OnComfy implements ImageHandler {
    private final ComfyModelRun engine;

    public Flux1OnComfy(ComfyModelRun engine) {
        this.engine = engine;
    }

    @Override
    public ImageModel model() {
        return ImageModel.FLUX_1;
    }

    @Override
    public List<String> run(ImageContext context) throws Exception {
        return ComfyImageTask.run(engine, model(), context);
    }
}
