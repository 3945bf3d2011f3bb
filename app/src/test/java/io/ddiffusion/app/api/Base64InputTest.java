package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Base64 inputs are decoded and sniffed at submit: what is not base64, not the right kind of media, or an image
 * declaring too many pixels is refused with the field's location, before any task exists.
 */
@QuarkusTest
class Base64InputTest {
    static final String PNG = Media.b64(Media.PNG);
    static final String MP4 = Media.b64(Media.MP4);
    static final String NOT_MEDIA = Media.b64("just some text, not a picture".getBytes(StandardCharsets.UTF_8));
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("base64");
    }

    Response post(String domain, Map<String, Object> body) {
        return Api.as(token).body(body).post("/api/" + domain);
    }

    static void assertInvalid(Response r, String msgStart, String type, Object... loc) {
        r.then().statusCode(422)
                .body("detail", org.hamcrest.Matchers.hasSize(1))
                .body("detail[0].loc", equalTo(Arrays.asList(loc)))
                .body("detail[0].msg", startsWith(msgStart))
                .body("detail[0].type", equalTo(type));
    }

    @Test
    void textThatIsNotBase64IsRefusedOnItsField() {
        assertInvalid(post("images", json("model", "gpt-image-1", "image", "not base64 at all!")),
                "is not valid base64 (illegal character U+0020 at position 3)", "base64", "body", "image");
        assertInvalid(post("images", json("model", "gpt-image-1", "image", "iVBORw0KGgo%")),
                "is not valid base64 (illegal character '%'", "base64", "body", "image");
        assertInvalid(post("images", json("model", "gpt-image-1", "image", "")), "is empty", "base64",
                "body", "image");
    }

    @Test
    void base64ThatIsNotAnImageIsRefused() {
        assertInvalid(post("images", json("model", "gpt-image-1", "image", NOT_MEDIA)),
                "is not an image (PNG, JPEG, WebP, TIFF or EXR)", "media_type", "body", "image");
    }

    @Test
    void anMp4GivenAsAnImageIsRefused() {
        assertInvalid(post("images", json("model", "gpt-image-1", "image", MP4)),
                "is MP4 (video/mp4), not an image (PNG, JPEG, WebP, TIFF or EXR)", "media_type", "body", "image");
        assertInvalid(post("images", json("model", "gpt-image-1", "image", PNG, "mask", MP4)),
                "is MP4 (video/mp4), not an image", "media_type", "body", "mask");
    }

    @Test
    void anImageDeclaringMorePixelsThanTheLimitIsRefusedBeforeItIsDecoded() {
        String huge = Media.b64(Media.png(100_000, 100_000));

        assertInvalid(post("images", json("model", "gpt-image-1", "image", huge)),
                "declares 100000x100000 pixels (10000.0 MP), more than the limit of 64.0 MP", "image_too_large",
                "body", "image");
    }

    @Test
    void anImageExactlyAtThePixelLimitIsAccepted() {
        String id = Api.submit(token, "images", json("model", "gpt-image-1", "image", Media.b64(Media.png(8000,
                8000))));

        JsonPath t = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(t.getList("output")).hasSize(1);
    }

    @Test
    void anUpscalerInputWhoseOutputWouldPassTheWorkersLimitIsRefusedAtSubmit() {
        // 2049x2048 upscales to 8196x8192, over the default 8192x8192 output limit of real-esrgan-x4
        assertInvalid(post("images", json("model", "real-esrgan-x4", "image", Media.b64(Media.png(2049, 2048)))),
                "declares 2049x2048 = 4196352 pixels, more than the 4194304 pixels real-esrgan-x4 takes: it upscales "
                        + "4x and its output may have at most 67108864 pixels (DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS)",
                "image_too_large", "body", "image");
        // the same image is fine for a model without that ceiling
        Api.submit(token, "images", json("model", "gpt-image-1", "image", Media.b64(Media.png(2049, 2048))));
    }

    @Test
    void anUpscalerInputAtItsLimitIsAccepted() {
        Api.submit(token, "images", json("model", "real-esrgan-x4", "image", Media.b64(Media.png(2048, 2048))));
    }

    @Test
    void aPngWhoseHeaderIsCutOffIsRefused() {
        byte[] cut = Arrays.copyOf(Media.PNG, 12);

        assertInvalid(post("images", json("model", "gpt-image-1", "image", Media.b64(cut))),
                "is a PNG whose header cannot be read", "media_header", "body", "image");
    }

    @Test
    void aPngGivenAsAVideoIsRefused() {
        assertInvalid(post("videos", json("model", "runway-gen-4", "video", PNG)),
                "is PNG (image/png), not a video (MP4 or MOV)", "media_type", "body", "video");
        assertInvalid(post("texts", json("model", "qwen-2", "videos", List.of(MP4, PNG))),
                "is PNG (image/png), not a video (MP4 or MOV)", "media_type", "body", "videos", 1);
    }

    @Test
    void aBadReferenceIsRefusedAtItsIndex() {
        assertInvalid(post("images", json("model", "flux-2-pro", "references", List.of(json("image", PNG),
                json("image", NOT_MEDIA)))), "is not an image", "media_type", "body", "references", 1, "image");
        assertInvalid(post("images", json("model", "flux-2-pro", "references", List.of(json("image", "@@")))),
                "is not valid base64", "base64", "body", "references", 0, "image");
    }

    @Test
    void badInputsInTextsVideosAndWorkflowsAreRefusedOnTheirFields() {
        assertInvalid(post("texts", json("model", "gpt-4o", "images", List.of(PNG, PNG, "%%%"))),
                "is not valid base64", "base64", "body", "images", 2);
        assertInvalid(post("videos", json("model", "kling-2", "image", PNG, "last_image", MP4)),
                "is MP4 (video/mp4), not an image", "media_type", "body", "last_image");
        Map<String, Object> workflow = AbstractTaskFlowTest.workflow("x", NOT_MEDIA);
        assertInvalid(post("workflows", workflow), "is not an image", "media_type", "body", "patches", 1, "value");
    }

    @Test
    void aDataUrlAndUnpaddedBase64AreAccepted() {
        String dataUrl = "data:image/png;base64," + PNG;
        String unpadded = PNG.replace("=", "");

        String id = Api.submit(token, "images", json("model", "gpt-image-1", "image", dataUrl, "mask", unpadded));

        JsonPath t = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(t.getList("output")).hasSize(1);
    }

    @Test
    void aCapabilityErrorIsReportedBeforeTheInputsAreDecoded() {
        post("images", json("model", "z-image", "image", "not base64")).then()
                .statusCode(422)
                .body("detail[0].loc", contains("body"))
                .body("detail[0].msg", equalTo("Model 'z-image' does not support image-to-image."));
    }
}
