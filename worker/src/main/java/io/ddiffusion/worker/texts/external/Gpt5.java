package io.ddiffusion.worker.texts.external;

import io.ddiffusion.worker.providers.openai.OpenAiClient;

import io.ddiffusion.schema.texts.TextModel;

/** {@code gpt-5}: OpenAI {@code gpt-5-mini} through the Responses API, as the original maps it. */
public final class Gpt5 extends ResponsesTextHandler {
    static final String MODEL = "gpt-5-mini";

    public Gpt5(OpenAiClient client) {
        super(client, TextModel.GPT_5, MODEL);
    }
}
