package io.ddiffusion.worker.images;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.runtime.TaskHandler;
import java.util.List;

/** Runs one image model. One class per model id, e.g. {@code flux-1-pro} → {@code Flux1Pro}. */
public interface ImageHandler extends ModelHandler {
    @Override
    ImageModel model();

    /** Runs the task; returns the storage keys of the produced images. */
    List<String> run(ImageContext context) throws Exception;

    @Override
    default TaskHandler<?> taskHandler() {
        return new ImageTaskHandler(this);
    }
}
