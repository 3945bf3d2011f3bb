package io.ddiffusion.worker.texts.external;

import io.ddiffusion.worker.providers.openai.OpenAiClient;
import io.ddiffusion.worker.providers.openai.DataUrls;

import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.Response;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.texts.SystemPrompts;
import io.ddiffusion.worker.texts.TextContext;
import io.ddiffusion.worker.texts.TextHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI text models: one user turn through the Responses API, the system prompt as {@code instructions}, images
 * as {@code input_image} data URLs with their real MIME type. These models read no videos: the API refuses such
 * requests, and a video that still arrives is refused here too, never silently dropped.
 */
abstract class ResponsesTextHandler implements TextHandler {
    private final OpenAiClient client;
    private final TextModel model;
    private final String providerModel;

    ResponsesTextHandler(OpenAiClient client, TextModel model, String providerModel) {
        this.client = client;
        this.model = model;
        this.providerModel = providerModel;
    }

    @Override
    public final TextModel model() {
        return model;
    }

    /** The OpenAI model this one maps to. */
    final String providerModel() {
        return providerModel;
    }

    @Override
    public final String run(TextContext ctx) throws Exception {
        client.requireKey();
        Response request = request(ctx, model, providerModel);
        ctx.task().log("openai " + providerModel + ": " + request.imageUrls().size() + " image(s), system prompt "
                + ctx.request().systemPrompt());
        return client.respond(request, ctx.task().cancellation());
    }

    /** The Responses request for {@code ctx}; refuses videos. */
    static Response request(TextContext ctx, TextModel model, String providerModel) throws IOException {
        if (!ctx.videos().isEmpty()) {
            throw new IllegalArgumentException("Model '" + model.id() + "' does not accept videos (" + providerModel
                    + " reads text and images only); use qwen-2 for videos.");
        }
        List<String> images = new ArrayList<>();
        for (TaskInputs.Input in : ctx.images()) {
            images.add(DataUrls.image(in));
        }
        return new Response(providerModel, SystemPrompts.text(ctx.request().systemPrompt()), ctx.request().prompt(),
                images);
    }
}
