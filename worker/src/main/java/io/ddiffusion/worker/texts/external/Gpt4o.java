package io.ddiffusion.worker.texts.external;

import io.ddiffusion.worker.providers.openai.OpenAiClient;

import io.ddiffusion.schema.texts.TextModel;

/** {@code gpt-4o}: OpenAI {@code gpt-4o-mini} through the Responses API, as the original maps it. */
public final class Gpt4o extends ResponsesTextHandler {
    static final String MODEL = "gpt-4o-mini";

    public Gpt4o(OpenAiClient client) {
        super(client, TextModel.GPT_4O, MODEL);
    }
}
