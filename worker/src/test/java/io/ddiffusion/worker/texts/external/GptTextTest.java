package io.ddiffusion.worker.texts.external;

import io.ddiffusion.worker.providers.openai.OpenAiClient;
import io.ddiffusion.worker.providers.openai.OpenAiEmulator;
import io.ddiffusion.worker.providers.openai.EmulatorTestSupport;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.schema.texts.SystemPrompt;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.worker.testing.FakeTaskContext.Input;
import io.ddiffusion.worker.texts.SystemPrompts;
import io.ddiffusion.worker.texts.TextHandler;
import io.ddiffusion.worker.texts.TextTaskHandler;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class GptTextTest extends EmulatorTestSupport {
    private static final String RESPONSES = "/v1/responses";

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(TextModel.GPT_4O, "gpt-4o-mini", (Function<OpenAiClient, TextHandler>) Gpt4o::new),
                Arguments.of(TextModel.GPT_4, "gpt-4.1-mini", (Function<OpenAiClient, TextHandler>) Gpt4::new),
                Arguments.of(TextModel.GPT_5, "gpt-5-mini", (Function<OpenAiClient, TextHandler>) Gpt5::new));
    }

    private FakeTaskContext<TextRequest> task(TextModel model, SystemPrompt prompt, Input... inputs) throws Exception {
        List<String> images = Arrays.stream(inputs).filter(i -> i.field().startsWith("images[")).map(i -> "stored")
                .toList();
        List<String> videos = Arrays.stream(inputs).filter(i -> i.field().startsWith("videos[")).map(i -> "stored")
                .toList();
        return new FakeTaskContext<>(model.taskName(), new TextRequest(model, "Describe  this.", prompt, images,
                videos), storage, inputs);
    }

    /** A data URL up to the first three base64 characters, which show the format. */
    private static String head(String dataUrl) {
        return dataUrl.substring(0, dataUrl.indexOf(',') + 4);
    }

    private static List<String> fieldNames(JsonNode n) {
        return StreamSupport.stream(((Iterable<String>) n::fieldNames).spliterator(), false).toList();
    }

    @ParameterizedTest(name = "{0} calls {1}")
    @MethodSource("models")
    void eachModelSendsOneUserTurnToTheResponsesApiAndJoinsTheOutputText(TextModel model, String providerModel,
            Function<OpenAiClient, TextHandler> factory) throws Exception {
        FakeTaskContext<TextRequest> ctx = task(model, SystemPrompt.BASE);
        TextHandler handler = factory.apply(client());

        String text = new TextTaskHandler(handler).run(ctx).text();

        assertThat(handler.model()).isEqualTo(model);
        OpenAiEmulator.Request sent = emulator.only("POST", RESPONSES);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + OpenAiEmulator.KEY);
        assertThat(fieldNames(sent.json())).containsExactlyInAnyOrder("model", "instructions", "input");
        assertThat(sent.json().path("model").asText()).isEqualTo(providerModel);
        assertThat(sent.json().path("instructions").asText()).isEqualTo(SystemPrompts.text(SystemPrompt.BASE)
                .orElseThrow());
        JsonNode input = sent.json().path("input");
        assertThat(input).hasSize(1);
        assertThat(input.path(0).path("role").asText()).isEqualTo("user");
        assertThat(input.path(0).path("content")).hasSize(1);
        assertThat(input.path(0).path("content").path(0).path("type").asText()).isEqualTo("input_text");
        assertThat(input.path(0).path("content").path(0).path("text").asText()).isEqualTo("Describe  this.");
        // the emulator splits its answer over two output_text parts (and adds a reasoning item for gpt-5)
        assertThat(text).isEqualTo("echo: Describe  this. (0 images)");
    }

    @Test
    void systemPromptNoneSendsNoInstructions() throws Exception {
        FakeTaskContext<TextRequest> ctx = task(TextModel.GPT_4O, SystemPrompt.NONE);

        new TextTaskHandler(new Gpt4o(client())).run(ctx);

        assertThat(emulator.only("POST", RESPONSES).json().has("instructions")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = SystemPrompt.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherSystemPromptIsSentAsInstructions(SystemPrompt prompt) throws Exception {
        FakeTaskContext<TextRequest> ctx = task(TextModel.GPT_5, prompt);

        new TextTaskHandler(new Gpt5(client())).run(ctx);

        assertThat(emulator.only("POST", RESPONSES).json().path("instructions").asText())
                .isEqualTo(SystemPrompts.text(prompt).orElseThrow());
    }

    @Test
    void theSystemPromptsAreDistinctAndOnlyNoneIsEmpty() {
        assertThat(SystemPrompts.text(SystemPrompt.NONE)).isEmpty();
        List<String> texts = Arrays.stream(SystemPrompt.values()).filter(p -> p != SystemPrompt.NONE)
                .map(SystemPrompts::text).map(Optional::orElseThrow).toList();
        assertThat(texts).doesNotHaveDuplicates().allMatch(t -> t.length() > 80);
        assertThat(SystemPrompts.text(SystemPrompt.VIDEO_TRANSITION).orElseThrow()).contains("first", "last");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void imagesGoAsDataUrlsWithTheirRealMimeTypeAndTiffIsConvertedToPng(TextModel model, String providerModel,
            Function<OpenAiClient, TextHandler> factory) throws Exception {
        FakeTaskContext<TextRequest> ctx = task(model, SystemPrompt.BASE,
                new Input("images[0]", "png", png(8, 8, Color.RED)),
                new Input("images[1]", "jpg", encode(solid(8, 8, Color.GREEN), "jpg")),
                new Input("images[2]", "tiff", encode(solid(8, 8, Color.BLUE), "tiff")));

        String text = new TextTaskHandler(factory.apply(client())).run(ctx).text();

        assertThat(emulator.only("POST", RESPONSES).json().path("model").asText()).isEqualTo(providerModel);
        JsonNode content = emulator.only("POST", RESPONSES).json().path("input").path(0).path("content");
        assertThat(content).hasSize(4);
        assertThat(content.path(0).path("type").asText()).isEqualTo("input_text");
        assertThat(StreamSupport.stream(content.spliterator(), false).skip(1)
                .map(c -> c.path("type").asText() + " " + head(c.path("image_url").asText())))
                .containsExactly("input_image data:image/png;base64,iVB",
                        "input_image data:image/jpeg;base64,/9j",
                        "input_image data:image/png;base64,iVB");
        assertThat(emulator.violations()).isEmpty(); // the emulator checks each data URL's bytes match its type
        assertThat(text).endsWith("(3 images)");
    }

    @Test
    void aVideoIsRefusedWithAClearMessageInsteadOfBeingDropped() throws Exception {
        FakeTaskContext<TextRequest> ctx = task(TextModel.GPT_4O, SystemPrompt.BASE,
                new Input("videos[0]", "mp4", isoMedia("isom")));
        var handler = new TextTaskHandler(new Gpt4o(client()));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gpt-4o' does not accept videos")
                .hasMessageContaining("qwen-2");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void aWorkerWithoutAnOpenAiKeyFailsBeforeCallingAnything() throws Exception {
        FakeTaskContext<TextRequest> ctx = task(TextModel.GPT_5, SystemPrompt.BASE);
        var handler = new TextTaskHandler(new Gpt5(clientWithoutKey()));

        assertThatThrownBy(() -> handler.run(ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OPENAI_API_KEY is not set on this worker");
        assertThat(emulator.requests()).isEmpty();
    }
}
