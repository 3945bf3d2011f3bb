package io.ddiffusion.worker.texts;

import io.ddiffusion.schema.texts.TextModel;

/** Runs one text model. */
public interface TextHandler {
    TextModel model();

    /** Runs the task; returns the generated text. */
    String run(TextContext context) throws Exception;
}
