package io.ddiffusion.worker.images;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.runtime.TaskHandler;
import java.util.List;

/** Runs one image model. One class per model id, e.g. {@code flux-1-pro} → {@code Flux1Pro}. */
public interface ImageHandler extends ModelHandler {
    @Override
    ImageModel model();

    /**
     * The most pixels this model uses of an input image; a larger input is read downscaled to it, so a plate of the
     * API's maximum size is never held whole for a model that looks at a fraction of it. Unlimited by default.
     */
    default long maxInputPixels() {
        return Long.MAX_VALUE;
    }

    /** Runs the task; returns the storage keys of the produced images. */
    List<String> run(ImageContext context) throws Exception;

    @Override
    default TaskHandler<?> taskHandler() {
        return new ImageTaskHandler(this);
    }
}
