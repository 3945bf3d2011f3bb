package io.ddiffusion.worker.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.images.ImageTaskHandler;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.texts.TextTaskHandler;
import io.ddiffusion.worker.videos.VideoTaskHandler;
import org.junit.jupiter.api.Test;

class OpenAiHandlersTest extends EmulatorTestSupport {
    @Test
    void registersEveryOpenAiModelAndTheLocalTextModelUnderTheirTaskNames() {
        HandlerRegistry.Builder builder = HandlerRegistry.builder();

        OpenAiHandlers.register(builder, clients());

        HandlerRegistry registry = builder.build();
        assertThat(registry.taskNames()).containsExactlyInAnyOrder("images.gpt-image-1", "texts.gpt-4o",
                "texts.gpt-4", "texts.gpt-5", "texts.qwen-2", "videos.sora-2");
        assertThat(registry.find("images.gpt-image-1").orElseThrow()).isInstanceOfSatisfying(ImageTaskHandler.class,
                h -> assertThat(h.handler()).isInstanceOf(GptImage1.class));
        assertThat(registry.find("texts.gpt-4o").orElseThrow()).isInstanceOfSatisfying(TextTaskHandler.class,
                h -> assertThat(((ResponsesTextHandler) h.handler()).providerModel()).isEqualTo("gpt-4o-mini"));
        assertThat(registry.find("texts.gpt-4").orElseThrow()).isInstanceOfSatisfying(TextTaskHandler.class,
                h -> assertThat(((ResponsesTextHandler) h.handler()).providerModel()).isEqualTo("gpt-4.1-mini"));
        assertThat(registry.find("texts.gpt-5").orElseThrow()).isInstanceOfSatisfying(TextTaskHandler.class,
                h -> assertThat(((ResponsesTextHandler) h.handler()).providerModel()).isEqualTo("gpt-5-mini"));
        assertThat(registry.find("texts.qwen-2").orElseThrow()).isInstanceOfSatisfying(TextTaskHandler.class,
                h -> assertThat(h.handler()).isInstanceOf(Qwen2.class));
        assertThat(registry.find("videos.sora-2").orElseThrow()).isInstanceOfSatisfying(VideoTaskHandler.class,
                h -> assertThat(h.handler()).isInstanceOf(Sora2.class));
    }
}
