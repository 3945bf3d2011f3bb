package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three {@code /models} routes list every registry entry with its flags. */
@QuarkusTest
class ModelsResourceTest {
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("models");
    }

    /** Every model is available in the test profile (providers stand configured). */
    static Map<String, Object> available(Map<String, Object> fields) {
        Map<String, Object> all = new java.util.HashMap<>(fields);
        all.put("available", true);
        all.put("unavailable_reason", null);
        return all;
    }

    JsonPath models(String domain) {
        return Api.as(token).get("/api/" + domain + "/models").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void imageModelsListEveryModelWithItsCapabilities() {
        JsonPath json = models("images");
        Map<String, Map<String, Object>> models = json.getMap("models");

        assertThat(models.keySet()).containsExactly(Arrays.stream(ImageModel.values()).map(ImageModel::id)
                .toArray(String[]::new));
        for (ImageModel m : ImageModel.values()) {
            assertThat(models.get(m.id())).as(m.id()).containsExactlyInAnyOrderEntriesOf(available(Map.of(
                    "external", m.external(), "provider", m.provider().id(), "text_to_image", m.textToImage(),
                    "image_to_image", m.imageToImage(), "inpainting", m.inpainting(), "references", m.references(),
                    "description", m.description())));
        }
    }

    @Test
    void realEsrganIsListedAsALocalImageToImageModel() {
        Api.as(token).get("/api/images/models").then()
                .statusCode(200)
                .body("models.'real-esrgan-x4'.provider", equalTo("local"))
                .body("models.'real-esrgan-x4'.external", equalTo(false))
                .body("models.'real-esrgan-x4'.image_to_image", equalTo(true))
                .body("models.'real-esrgan-x4'.text_to_image", equalTo(false))
                .body("models.'real-esrgan-x4'.inpainting", equalTo(false))
                .body("models.'gpt-image-1'.provider", equalTo("openai"))
                .body("models.'gpt-image-1'.external", equalTo(true))
                .body("models.'flux-2-pro'.provider", equalTo("replicate"));
    }

    @Test
    void videoModelsListEveryModelAndSoraIsRunByOpenAi() {
        Map<String, Map<String, Object>> models = models("videos").getMap("models");

        assertThat(models.keySet()).containsExactly(Arrays.stream(VideoModel.values()).map(VideoModel::id)
                .toArray(String[]::new));
        for (VideoModel m : VideoModel.values()) {
            assertThat(models.get(m.id())).as(m.id()).containsExactlyInAnyOrderEntriesOf(available(Map.of(
                    "external", m.external(), "provider", m.provider().id(), "text_to_video", m.textToVideo(),
                    "image_to_video", m.imageToVideo(), "video_to_video", m.videoToVideo(),
                    "last_image", m.lastImage(), "audio", m.audio(), "description", m.description())));
        }
        assertThat(models.get("sora-2")).containsEntry("provider", "openai").containsEntry("external", true)
                .containsEntry("audio", true);
        assertThat(models.get("ltx-video")).containsEntry("provider", "local").containsEntry("video_to_video", true);
    }

    @Test
    void textModelsListEveryModelAndWhichReadVideos() {
        Map<String, Map<String, Object>> models = models("texts").getMap("models");

        assertThat(models.keySet()).containsExactly(Arrays.stream(TextModel.values()).map(TextModel::id)
                .toArray(String[]::new));
        assertThat(models.get("qwen-2")).containsEntry("provider", "local").containsEntry("external", false)
                .containsEntry("videos", true);
        assertThat(models.get("gpt-5")).containsEntry("provider", "openai").containsEntry("external", true)
                .containsEntry("videos", false);
        models.values().forEach(m -> assertThat((String) m.get("description")).isNotBlank());
    }

    @Test
    void workflowsHaveNoModelsRoute() {
        Api.as(token).get("/api/workflows/models").then()
                .statusCode(422)
                .body("detail[0].loc[0]", equalTo("path"));
    }
}
