package io.ddiffusion.worker.texts;

import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.runtime.TaskHandler;

/** Runs one text model. */
public interface TextHandler extends ModelHandler {
    @Override
    TextModel model();

    /** Runs the task; returns the generated text. */
    String run(TextContext context) throws Exception;

    @Override
    default TaskHandler<?> taskHandler() {
        return new TextTaskHandler(this);
    }
}
