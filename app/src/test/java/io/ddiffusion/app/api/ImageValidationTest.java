package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.ddiffusion.schema.images.ImageModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bound and capability rule of {@code POST /api/images}, each answered 422 with where and why. */
@QuarkusTest
class ImageValidationTest {
    static final String IMAGE = Media.b64(Media.PNG);
    String token;
    final List<String> accepted = new java.util.ArrayList<>();

    @BeforeEach
    void newKey() {
        token = Api.newToken("images-422");
    }

    @AfterEach
    void cancelAccepted() {
        accepted.forEach(id -> Api.cancelQuietly(token, "images", id));
    }

    Response post(Map<String, Object> body) {
        return Api.as(token).body(body).post("/api/images");
    }

    void assertAccepted(Map<String, Object> body) {
        Response r = post(body);
        r.then().statusCode(202).body("status", equalTo("PENDING"));
        accepted.add(r.jsonPath().getString("id"));
    }

    static Stream<Arguments> outOfBounds() {
        return Stream.of(
                Arguments.of("width", 63, "must be at least 64", "greater_than_equal"),
                Arguments.of("width", 4097, "must be at most 4096", "less_than_equal"),
                Arguments.of("height", 63, "must be at least 64", "greater_than_equal"),
                Arguments.of("height", 4097, "must be at most 4096", "less_than_equal"),
                Arguments.of("width", 0, "must be at least 64", "greater_than_equal"),
                Arguments.of("height", -720, "must be at least 64", "greater_than_equal"),
                Arguments.of("seed", -1, "must be at least 0", "greater_than_equal"),
                Arguments.of("seed", 4_294_967_296L, "must be at most 4294967295", "less_than_equal"),
                Arguments.of("strength", -0.01, "must be at least 0.0", "greater_than_equal"),
                Arguments.of("strength", 1.01, "must be at most 1.0", "less_than_equal"),
                Arguments.of("prompt", "p".repeat(10_001), "must be at most 10000 characters", "length"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfBounds")
    void aFieldOutsideItsBoundsIsRefusedWithItsLocationAndLimit(String field, Object value, String msg, String type) {
        Api.assertProblem(post(json("model", "gpt-image-1", field, value)), msg, type, "body", field);
    }

    @Test
    void valuesOnTheBoundsAreAccepted() {
        assertAccepted(json("model", "gpt-image-1", "width", 64, "height", 4096, "seed", 0, "strength", 0.0,
                "prompt", "p".repeat(10_000)));
        assertAccepted(json("model", "gpt-image-1", "width", 4096, "height", 64, "seed", 4_294_967_295L,
                "strength", 1.0));
    }

    @Test
    void severalBadFieldsAreAllReported() {
        post(json("model", "gpt-image-1", "width", 1, "height", 99_999)).then()
                .statusCode(422)
                .body("detail.loc", contains(List.of("body", "height"), List.of("body", "width")))
                .body("detail.msg", contains("must be at most 4096", "must be at least 64"));
    }

    @Test
    void moreThanTenReferencesAreRefused() {
        List<Map<String, Object>> refs = Collections.nCopies(11, json("image", IMAGE));

        Api.assertProblem(post(json("model", "flux-2-pro", "references", refs)),
                "must hold at most 10 references", "length", "body", "references");
    }

    @Test
    void tenReferencesAreAccepted() {
        assertAccepted(json("model", "flux-2-pro", "references", Collections.nCopies(10, json("image", IMAGE))));
    }

    @Test
    void aReferenceWithoutItsImageIsRefusedAtItsIndex() {
        Api.assertProblem(post(json("model", "flux-2-pro", "references", List.of(json("image", IMAGE),
                json("image", null)))), "must not be null", "missing", "body", "references", 1, "image");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("width", "wide", "must be an integer, got 'wide'"),
                Arguments.of("width", 100.5, "must be an integer, got '100.5'"),
                Arguments.of("seed", 7.25, "must be an integer, got '7.25'"),
                Arguments.of("seed", "lucky", "must be an integer, got 'lucky'"),
                Arguments.of("strength", "strong", "must be a number, got 'strong'"),
                Arguments.of("prompt", Map.of("text", "x"), "must be a string"),
                Arguments.of("references", "one", "must be a list"),
                Arguments.of("image", List.of(1, 2), "must be a string"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongJsonTypeIsRefusedWithItsLocation(String field, Object value, String msg) {
        Api.assertProblem(post(json("model", "sd-xl", field, value)), msg, "type_error", "body", field);
    }

    @Test
    void anUnknownModelIsRefusedWithTheListOfModels() {
        String all = Arrays.stream(ImageModel.values()).map(ImageModel::id).collect(Collectors.joining(", "));

        Api.assertProblem(post(json("model", "dall-e-9")),
                "unknown image model 'dall-e-9'; expected one of: " + all, "enum", "body", "model");
    }

    @Test
    void theModelIsRequired() {
        Api.assertProblem(post(json("prompt", "a cat")), "is required", "missing", "body", "model");
        Api.assertProblem(post(json("model", null)), "is required", "missing", "body", "model");
    }

    @ParameterizedTest
    @EnumSource(ImageModel.class)
    void aMaskWithoutAnImageGivesTheSameMessageForEveryModel(ImageModel model) {
        Api.assertBodyRule(post(json("model", model.id(), "mask", IMAGE)), "mask requires image.");
    }

    static Stream<ImageModel> models(java.util.function.Predicate<ImageModel> p) {
        return Arrays.stream(ImageModel.values()).filter(p);
    }

    static Stream<ImageModel> withoutInpainting() {
        return models(m -> !m.inpainting());
    }

    static Stream<ImageModel> withoutImageToImage() {
        return models(m -> !m.imageToImage());
    }

    static Stream<ImageModel> withoutTextToImage() {
        return models(m -> !m.textToImage());
    }

    static Stream<ImageModel> withoutReferences() {
        return models(m -> !m.references() && m.textToImage());
    }

    @ParameterizedTest
    @MethodSource("withoutInpainting")
    void inpaintingOnAModelWithoutItIsRefused(ImageModel model) {
        Api.assertBodyRule(post(json("model", model.id(), "image", IMAGE, "mask", IMAGE)),
                "Model '" + model.id() + "' does not support inpainting.");
    }

    @ParameterizedTest
    @MethodSource("withoutImageToImage")
    void imageToImageOnAModelWithoutItIsRefused(ImageModel model) {
        Api.assertBodyRule(post(json("model", model.id(), "image", IMAGE)),
                "Model '" + model.id() + "' does not support image-to-image.");
    }

    @ParameterizedTest
    @MethodSource("withoutTextToImage")
    void textToImageOnAModelThatNeedsAnImageIsRefused(ImageModel model) {
        Api.assertBodyRule(post(json("model", model.id(), "prompt", "a cat")),
                "Model '" + model.id() + "' does not support text-to-image; it needs an image.");
    }

    @ParameterizedTest
    @MethodSource("withoutReferences")
    void referencesOnAModelWithoutThemAreRefused(ImageModel model) {
        Api.assertBodyRule(post(json("model", model.id(), "references", List.of(json("image", IMAGE)))),
                "Model '" + model.id() + "' does not support references.");
    }

    @Test
    void aRequestBreakingTwoRulesGetsBothMessages() {
        post(json("model", "depth-anything-2", "references", List.of(json("image", IMAGE)))).then()
                .statusCode(422)
                .body("detail.msg", contains(
                        "Model 'depth-anything-2' does not support text-to-image; it needs an image.",
                        "Model 'depth-anything-2' does not support references."))
                .body("detail.loc", contains(List.of("body"), List.of("body")));
    }

    @Test
    void eachModeIsAcceptedOnAModelThatHasIt() {
        assertAccepted(json("model", "flux-1-pro", "image", IMAGE, "mask", IMAGE));
        assertAccepted(json("model", "topazlabs-upscale", "image", IMAGE));
        assertAccepted(json("model", "gemini-3", "prompt", "a cat", "references", List.of(json("image", IMAGE))));
        assertThat(accepted).hasSize(3).doesNotHaveDuplicates();
    }
}
