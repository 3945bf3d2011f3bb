package io.ddiffusion.worker.texts;

import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskHandler;
import io.ddiffusion.worker.runtime.TaskResult;

/** Adapts a {@link TextHandler} to the runtime. */
public record TextTaskHandler(TextHandler handler) implements TaskHandler<TextRequest> {
    @Override
    public Class<TextRequest> requestType() {
        return TextRequest.class;
    }

    @Override
    public TaskResult run(TaskContext<TextRequest> ctx) throws Exception {
        return TaskResult.text(handler.run(TextContext.of(ctx)));
    }
}
