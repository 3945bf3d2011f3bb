package io.ddiffusion.worker.videos;

import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskHandler;
import io.ddiffusion.worker.runtime.TaskResult;

/** Adapts a {@link VideoHandler} to the runtime. */
public record VideoTaskHandler(VideoHandler handler) implements TaskHandler<VideoRequest> {
    @Override
    public Class<VideoRequest> requestType() {
        return VideoRequest.class;
    }

    @Override
    public TaskResult run(TaskContext<VideoRequest> ctx) throws Exception {
        return TaskResult.files(handler.run(VideoContext.of(ctx)));
    }
}
