package io.ddiffusion.worker.images.local.comfy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import java.util.List;

/** {@code qwen-image}: Qwen-Image and Qwen-Image-Edit-2509 as pinned ComfyUI workflows ({@link QwenImage}). */
public final class QwenImageOnComfy implements ImageHandler {
    private final ComfyModelRun engine;

    public QwenImageOnComfy(ComfyModelRun engine) {
        this.engine = engine;
    }

    @Override
    public ImageModel model() {
        return ImageModel.QWEN_IMAGE;
    }

    @Override
    public List<String> run(ImageContext context) throws Exception {
        return ComfyImageTask.run(engine, model(), context);
    }
}
