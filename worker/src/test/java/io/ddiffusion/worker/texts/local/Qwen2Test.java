package io.ddiffusion.worker.texts.local;

import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.worker.providers.openai.OpenAiEmulator;
import io.ddiffusion.worker.providers.openai.EmulatorTestSupport;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.schema.texts.SystemPrompt;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.testing.FakeTaskContext.Input;
import io.ddiffusion.worker.texts.SystemPrompts;
import io.ddiffusion.worker.texts.TextTaskHandler;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class Qwen2Test extends EmulatorTestSupport {
    private static final String CHAT = "/v1/chat/completions";

    private FakeTaskContext<TextRequest> task(SystemPrompt prompt, Input... inputs) throws Exception {
        List<String> images = Arrays.stream(inputs).filter(i -> i.field().startsWith("images[")).map(i -> "stored")
                .toList();
        List<String> videos = Arrays.stream(inputs).filter(i -> i.field().startsWith("videos[")).map(i -> "stored")
                .toList();
        return new FakeTaskContext<>(TextModel.QWEN_2.taskName(), new TextRequest(TextModel.QWEN_2,
                "What happens here?", prompt, images, videos), storage, inputs);
    }

    private static String head(JsonNode part, String field) {
        String url = part.path(field).path("url").asText();
        return part.path("type").asText() + " " + url.substring(0, url.indexOf(',') + 1);
    }

    @Test
    void sendsTheSystemPromptTheTextImagesAndVideosAsOneChatTurnToTheLocalServer() throws Exception {
        FakeTaskContext<TextRequest> ctx = task(SystemPrompt.VIDEO_OPTIMIZER,
                new Input("images[0]", "png", png(8, 8, Color.RED)),
                new Input("images[1]", "jpg", encode(solid(8, 8, Color.GREEN), "jpg")),
                new Input("videos[0]", "mp4", isoMedia("isom")),
                new Input("videos[1]", "mov", isoMedia("qt  ")));

        String text = new TextTaskHandler(new Qwen2(clients())).run(ctx).text();

        OpenAiEmulator.Request sent = emulator.only("POST", CHAT);
        assertThat(sent.header("Authorization")).as("the local server gets no OpenAI key").isNull();
        JsonNode body = sent.json();
        assertThat(body.path("model").asText()).isEqualTo("Qwen/Qwen2.5-VL-3B-Instruct");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.path(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.path(0).path("content").asText())
                .isEqualTo(SystemPrompts.text(SystemPrompt.VIDEO_OPTIMIZER).orElseThrow());
        JsonNode content = messages.path(1).path("content");
        assertThat(messages.path(1).path("role").asText()).isEqualTo("user");
        assertThat(content.path(0).path("type").asText()).isEqualTo("text");
        assertThat(content.path(0).path("text").asText()).isEqualTo("What happens here?");
        assertThat(StreamSupport.stream(content.spliterator(), false).skip(1)
                .map(p -> head(p, p.path("type").asText())))
                .containsExactly("image_url data:image/png;base64,", "image_url data:image/jpeg;base64,",
                        "video_url data:video/mp4;base64,", "video_url data:video/quicktime;base64,");
        assertThat(emulator.violations()).isEmpty();
        assertThat(text).isEqualTo("echo: What happens here? (2 images, 2 videos)");
    }

    @Test
    void systemPromptNoneSendsOnlyTheUserMessage() throws Exception {
        FakeTaskContext<TextRequest> ctx = task(SystemPrompt.NONE);

        new TextTaskHandler(new Qwen2(clients())).run(ctx);

        JsonNode messages = emulator.only("POST", CHAT).json().path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.path(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void theServedModelNameCanBeConfigured() throws Exception {
        FakeTaskContext<TextRequest> ctx = task(SystemPrompt.BASE);

        new TextTaskHandler(new Qwen2(clients(), "qwen2.5-vl-3b-q4")).run(ctx);

        assertThat(emulator.only("POST", CHAT).json().path("model").asText()).isEqualTo("qwen2.5-vl-3b-q4");
    }

    @Test
    void withoutALocalServerUrlItFailsNamingTheVariableAndTheReadme() throws Exception {
        ProviderClients c = clients();
        ProviderSettings s = c.settings();
        ProviderClients noUrl = new ProviderClients(new ProviderSettings(s.openAiApiKey(), s.openAiBaseUrl(),
                s.replicateApiToken(), s.replicateBaseUrl(), Optional.empty(), s.localLlmModel(), Optional.empty(), true,
                LIMIT, java.util.Set.of()), c.api(), c.downloader(),
                c.backoff());
        FakeTaskContext<TextRequest> ctx = task(SystemPrompt.BASE);
        var handler = new TextTaskHandler(new Qwen2(noUrl));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DDIFFUSION_LOCAL_LLM_URL is not set")
                .hasMessageContaining("README")
                .hasMessageContaining("worker/docs/qwen-2.md");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void aServerThatRefusesTheRequestFailsWithItsMessage() throws Exception {
        emulator.failNext(1, 400, null, "video input is not supported by this server");
        FakeTaskContext<TextRequest> ctx = task(SystemPrompt.BASE, new Input("videos[0]", "mp4", isoMedia("isom")));
        var handler = new TextTaskHandler(new Qwen2(clients()));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(ProviderException.class)
                .hasMessage("local-llm Qwen/Qwen2.5-VL-3B-Instruct failed with HTTP 400: video input is not "
                        + "supported by this server");
    }
}
