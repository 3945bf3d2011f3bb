package io.ddiffusion.worker.texts.local;

import io.ddiffusion.worker.providers.openai.OpenAiClient;
import io.ddiffusion.worker.providers.openai.DataUrls;

import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.ChatCompletion;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.texts.SystemPrompts;
import io.ddiffusion.worker.texts.TextContext;
import io.ddiffusion.worker.texts.TextHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code qwen-2}: Qwen2.5-VL on an OpenAI-compatible server the operator runs next to the workers (vLLM, or
 * llama.cpp's llama-server for images only) at {@code DDIFFUSION_LOCAL_LLM_URL}; see {@code worker/docs/qwen-2.md}.
 * One chat turn: an optional system message, then the prompt, each image ({@code image_url}) and each video
 * ({@code video_url}, which vLLM reads for Qwen2.5-VL) as data URLs; at most 256 new tokens, as the original.
 */
public final class Qwen2 implements TextHandler {
    public static final String DEFAULT_MODEL = "Qwen/Qwen2.5-VL-3B-Instruct";
    static final int MAX_TOKENS = 256;
    static final String MISSING_URL = "DDIFFUSION_LOCAL_LLM_URL is not set on this worker: qwen-2 runs on a local "
            + "OpenAI-compatible server (vLLM or llama-server with Qwen2.5-VL), e.g. http://127.0.0.1:8000/v1; "
            + "see the README and worker/docs/qwen-2.md.";

    private final Optional<OpenAiClient> client;
    private final String servedModel;

    /** As the worker builds it: the served model from {@code DDIFFUSION_LOCAL_LLM_MODEL}. */
    public Qwen2(ProviderClients clients) {
        this(clients, clients.settings().localLlmModel());
    }

    /** @param servedModel the model name the server serves (vLLM: the repository id; llama-server: its alias) */
    public Qwen2(ProviderClients clients, String servedModel) {
        this.client = clients.settings().localLlmUrl().map(url -> OpenAiClient.local(clients, url));
        this.servedModel = servedModel;
    }

    @Override
    public TextModel model() {
        return TextModel.QWEN_2;
    }

    @Override
    public Optional<String> unavailableReason() {
        return client.isPresent() ? Optional.empty() : Optional.of("DDIFFUSION_LOCAL_LLM_URL is not set on the "
                + "workers of the " + model().queue().id() + " queue: qwen-2 runs on a local OpenAI-compatible "
                + "server (see worker/docs/qwen-2.md)");
    }

    @Override
    public String run(TextContext ctx) throws Exception {
        OpenAiClient server = client.orElseThrow(() -> new IllegalStateException(MISSING_URL));
        ChatCompletion request = request(ctx, servedModel);
        ctx.task().log("local " + servedModel + ": " + request.imageUrls().size() + " image(s), "
                + request.videoUrls().size() + " video(s), system prompt " + ctx.request().systemPrompt());
        return server.chat(request, ctx.task().cancellation());
    }

    static ChatCompletion request(TextContext ctx, String servedModel) throws IOException {
        List<String> images = new ArrayList<>();
        for (TaskInputs.Input in : ctx.images()) {
            images.add(DataUrls.image(in));
        }
        List<String> videos = new ArrayList<>();
        for (TaskInputs.Input in : ctx.videos()) {
            videos.add(DataUrls.video(in));
        }
        return new ChatCompletion(servedModel, SystemPrompts.text(ctx.request().systemPrompt()),
                ctx.request().prompt(), images, videos, MAX_TOKENS);
    }
}
