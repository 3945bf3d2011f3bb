package io.ddiffusion.worker.images;

import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskHandler;
import io.ddiffusion.worker.runtime.TaskResult;

/** Adapts an {@link ImageHandler} to the runtime: builds the {@link ImageContext}, returns the files. */
public record ImageTaskHandler(ImageHandler handler) implements TaskHandler<ImageRequest> {
    @Override
    public Class<ImageRequest> requestType() {
        return ImageRequest.class;
    }

    @Override
    public TaskResult run(TaskContext<ImageRequest> ctx) throws Exception {
        return TaskResult.files(handler.run(ImageContext.of(ctx, handler.maxInputPixels())));
    }
}
