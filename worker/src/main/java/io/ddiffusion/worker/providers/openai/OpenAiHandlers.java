package io.ddiffusion.worker.providers.openai;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.images.ImageTaskHandler;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.texts.TextTaskHandler;
import io.ddiffusion.worker.videos.VideoTaskHandler;

/** Registers the OpenAI models (and the local OpenAI-compatible text model). */
public final class OpenAiHandlers {
    private OpenAiHandlers() {
    }

    public static void register(HandlerRegistry.Builder registry, ProviderClients clients) {
        OpenAiClient openAi = OpenAiClient.openAi(clients);
        registry.register(ImageModel.GPT_IMAGE_1.taskName(), new ImageTaskHandler(new GptImage1(openAi)));
        registry.register(TextModel.GPT_4O.taskName(), new TextTaskHandler(new Gpt4o(openAi)));
        registry.register(TextModel.GPT_4.taskName(), new TextTaskHandler(new Gpt4(openAi)));
        registry.register(TextModel.GPT_5.taskName(), new TextTaskHandler(new Gpt5(openAi)));
        registry.register(TextModel.QWEN_2.taskName(), new TextTaskHandler(new Qwen2(clients,
                clients.settings().localLlmModel())));
        registry.register(VideoModel.SORA_2.taskName(), new VideoTaskHandler(new Sora2(openAi)));
    }
}
