package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.hamcrest.Matchers.equalTo;

import io.ddiffusion.schema.videos.VideoModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bound and capability rule of {@code POST /api/videos}. */
@QuarkusTest
class VideoValidationTest {
    static final String IMAGE = Media.b64(Media.PNG);
    static final String VIDEO = Media.b64(Media.MP4);
    String token;
    final List<String> accepted = new ArrayList<>();

    @BeforeEach
    void newKey() {
        token = Api.newToken("videos-422");
    }

    @AfterEach
    void cancelAccepted() {
        accepted.forEach(id -> Api.cancelQuietly(token, "videos", id));
    }

    Response post(Map<String, Object> body) {
        return Api.as(token).body(body).post("/api/videos");
    }

    void assertAccepted(Map<String, Object> body) {
        Response r = post(body);
        r.then().statusCode(202).body("status", equalTo("PENDING"));
        accepted.add(r.jsonPath().getString("id"));
    }

    static Stream<Arguments> outOfBounds() {
        return Stream.of(
                Arguments.of("num_frames", 23, "must be at least 24", "greater_than_equal"),
                Arguments.of("num_frames", 251, "must be at most 250", "less_than_equal"),
                Arguments.of("width", 63, "must be at least 64", "greater_than_equal"),
                Arguments.of("width", 4097, "must be at most 4096", "less_than_equal"),
                Arguments.of("height", 63, "must be at least 64", "greater_than_equal"),
                Arguments.of("height", 4097, "must be at most 4096", "less_than_equal"),
                Arguments.of("seed", -1, "must be at least 0", "greater_than_equal"),
                Arguments.of("seed", 4_294_967_296L, "must be at most 4294967295", "less_than_equal"),
                Arguments.of("prompt", "v".repeat(10_001), "must be at most 10000 characters", "length"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfBounds")
    void aFieldOutsideItsBoundsIsRefusedWithItsLocationAndLimit(String field, Object value, String msg, String type) {
        Api.assertProblem(post(json("model", "veo-3", field, value)), msg, type, "body", field);
    }

    @Test
    void frameCountsOnTheBoundsAreAccepted() {
        assertAccepted(json("model", "veo-3", "num_frames", 24));
        assertAccepted(json("model", "veo-3", "num_frames", 250, "prompt", "v".repeat(10_000)));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsRefused() {
        Api.assertProblem(post(json("model", "veo-3", "num_frames", "many")), "must be an integer, got 'many'",
                "type_error", "body", "num_frames");
        Api.assertProblem(post(json("model", "veo-3", "num_frames", 48.5)), "must be an integer, got '48.5'",
                "type_error", "body", "num_frames");
        Api.assertProblem(post(json("model", "veo-3", "generate_audio", "maybe")), "must be a boolean, got 'maybe'",
                "type_error", "body", "generate_audio");
    }

    @Test
    void anUnknownModelIsRefusedWithTheListOfModels() {
        String all = Arrays.stream(VideoModel.values()).map(VideoModel::id).collect(Collectors.joining(", "));

        Api.assertProblem(post(json("model", "sora-9")), "unknown video model 'sora-9'; expected one of: " + all,
                "enum", "body", "model");
        Api.assertProblem(post(json("prompt", "x")), "is required", "missing", "body", "model");
    }

    @Test
    void aLastImageWithoutAFirstImageIsRefused() {
        Api.assertBodyRule(post(json("model", "ltx-video", "last_image", IMAGE)), "last_image requires image.");
        Api.assertBodyRule(post(json("model", "veo-3", "last_image", IMAGE)), "last_image requires image.");
    }

    @Test
    void aLastImageOnAModelWithoutItIsRefused() {
        Api.assertBodyRule(post(json("model", "hunyuan-video-1", "image", IMAGE, "last_image", IMAGE)),
                "Model 'hunyuan-video-1' does not support last_image.");
    }

    @Test
    void videoToVideoOnAModelWithoutItIsRefusedEvenWithAnImage() {
        Api.assertBodyRule(post(json("model", "wan-2", "video", VIDEO)),
                "Model 'wan-2' does not support video-to-video.");
        Api.assertBodyRule(post(json("model", "kling-2", "video", VIDEO, "image", IMAGE)),
                "Model 'kling-2' does not support video-to-video.");
    }

    @Test
    void imageToVideoOnAModelWithoutItIsRefused() {
        Api.assertBodyRule(post(json("model", "runway-upscale", "image", IMAGE)),
                "Model 'runway-upscale' does not support image-to-video.");
    }

    @Test
    void textToVideoOnAModelThatNeedsAnInputIsRefused() {
        Api.assertBodyRule(post(json("model", "runway-gen-4", "prompt", "a cat")),
                "Model 'runway-gen-4' does not support text-to-video; it needs an image or a video.");
    }

    @Test
    void audioOnAModelWithoutItIsRefused() {
        Api.assertBodyRule(post(json("model", "wan-2", "generate_audio", true)),
                "Model 'wan-2' does not generate audio; set generate_audio to false.");
        Api.assertBodyRule(post(json("model", "hailuo-2", "generate_audio", true)),
                "Model 'hailuo-2' does not generate audio; set generate_audio to false.");
    }

    @Test
    void eachModeIsAcceptedOnAModelThatHasIt() {
        assertAccepted(json("model", "seedance-1", "generate_audio", true));
        assertAccepted(json("model", "kling-2", "image", IMAGE, "last_image", IMAGE));
        assertAccepted(json("model", "runway-upscale", "video", VIDEO));
        assertAccepted(json("model", "hailuo-2", "image", IMAGE, "generate_audio", false));
    }
}
