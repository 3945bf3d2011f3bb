package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bound and capability rule of {@code POST /api/texts}, and its defaults. */
@QuarkusTest
class TextValidationTest {
    static final String IMAGE = Media.b64(Media.PNG);
    static final String VIDEO = Media.b64(Media.MP4);
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("texts-422");
    }

    Response post(Map<String, Object> body) {
        return Api.as(token).body(body).post("/api/texts");
    }

    @Test
    void moreThanTenImagesAreRefused() {
        Api.assertProblem(post(json("model", "gpt-4o", "images", Collections.nCopies(11, IMAGE))),
                "must hold at most 10 images", "length", "body", "images");
    }

    @Test
    void moreThanTwoVideosAreRefused() {
        Api.assertProblem(post(json("model", "qwen-2", "videos", Collections.nCopies(3, VIDEO))),
                "must hold at most 2 videos", "length", "body", "videos");
    }

    @Test
    void aPromptOverTenThousandCharactersIsRefused() {
        Api.assertProblem(post(json("model", "gpt-4o", "prompt", "t".repeat(10_001))),
                "must be at most 10000 characters", "length", "body", "prompt");
    }

    @Test
    void videosOnAModelThatCannotReadThemAreRefused() {
        for (String model : List.of("gpt-4o", "gpt-4", "gpt-5")) {
            Api.assertBodyRule(post(json("model", model, "videos", List.of(VIDEO))),
                    "Model '" + model + "' does not accept videos.");
        }
    }

    @Test
    void anUnknownModelIsRefusedWithTheListOfModels() {
        Api.assertProblem(post(json("model", "gpt-9")),
                "unknown text model 'gpt-9'; expected one of: qwen-2, gpt-4o, gpt-4, gpt-5", "enum", "body", "model");
    }

    @Test
    void anUnknownSystemPromptIsRefusedWithTheListOfValues() {
        Api.assertProblem(post(json("system_prompt", "PIRATE")),
                "must be one of 'NONE', 'BASE', 'IMAGE_OPTIMIZER', 'VIDEO_OPTIMIZER', 'VIDEO_TRANSITION', got 'PIRATE'",
                "enum", "body", "system_prompt");
    }

    @Test
    void aValueOfTheWrongJsonTypeIsRefused() {
        Api.assertProblem(post(json("images", "just one")), "must be a list", "type_error", "body", "images");
        Api.assertProblem(post(json("images", List.of(List.of("nested")))), "must be a string", "type_error",
                "body", "images", 0);
    }

    @Test
    void theModelDefaultsToTheLocalVisionModel() {
        String id = Api.submit(token, "texts", json("prompt", "which model?"));

        JsonPath t = Api.awaitStatus(token, "texts", id, "SUCCESS");
        assertThat(t.getString("task_info.name")).isEqualTo("texts.qwen-2");
        assertThat(t.getString("output")).isEqualTo("echo: which model?");
    }

    @Test
    void tenImagesAndTwoVideosAreAccepted() {
        String id = Api.submit(token, "texts", json("model", "qwen-2", "images", Collections.nCopies(10, IMAGE),
                "videos", Collections.nCopies(2, VIDEO)));

        assertThat(Api.awaitStatus(token, "texts", id, "SUCCESS").getString("output")).isEqualTo("echo: ");
    }
}
