package io.ddiffusion.worker.texts.external;

import io.ddiffusion.worker.providers.openai.OpenAiClient;

import io.ddiffusion.schema.texts.TextModel;

/** {@code gpt-4}: OpenAI {@code gpt-4.1-mini} through the Responses API, as the original maps it. */
public final class Gpt4 extends ResponsesTextHandler {
    static final String MODEL = "gpt-4.1-mini";

    public Gpt4(OpenAiClient client) {
        super(client, TextModel.GPT_4, MODEL);
    }
}
