package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.testing.EchoHandler;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The life of a task in every domain, from submit to downloaded output or failure. Run against the embedded runtime
 * ({@link TaskFlowTest}) and Redis ({@link RedisTaskFlowTest}).
 */
abstract class AbstractTaskFlowTest {
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("flow");
    }

    /** A ComfyUI workflow with a titled prompt, image and int node; the echo handler reads the "prompt" patch. */
    static Map<String, Object> workflow(String prompt, String imageBase64) {
        return json(
                "workflow", json(
                        "1", json("class_type", "PrimitiveStringMultiline", "inputs", json("value", ""),
                                "_meta", json("title", "prompt")),
                        "2", json("class_type", "LoadImage", "inputs", json("image", ""),
                                "_meta", json("title", "image")),
                        "3", json("class_type", "PrimitiveInt", "inputs", json("value", 1),
                                "_meta", json("title", "steps")),
                        "4", json("class_type", "SaveImage", "inputs", json("images", List.of("1", 0)))),
                "patches", List.of(
                        json("title", "prompt", "class_type", "PrimitiveStringMultiline", "value", prompt),
                        json("title", "image", "class_type", "LoadImage", "value", imageBase64),
                        json("title", "steps", "class_type", "PrimitiveInt", "value", 20)));
    }

    /** Downloads a signed URL without any key; checks status and content type and returns the bytes. */
    static byte[] download(String url, String contentType) {
        Response r = given().get(Api.pathAndQuery(url));
        r.then().statusCode(200).contentType(contentType).header("Accept-Ranges", "bytes");
        return r.asByteArray();
    }

    static void assertTimeline(JsonPath t, String end) {
        Instant received = Instant.parse(t.getString("task_info.received"));
        Instant started = Instant.parse(t.getString("task_info.started"));
        Instant finished = Instant.parse(t.getString("task_info." + end));
        assertThat(received).isBeforeOrEqualTo(started);
        assertThat(started).isBeforeOrEqualTo(finished);
        assertThat(t.getString("task_info.worker")).isNotBlank();
        assertThat(t.getDouble("task_info.runtime")).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void anImageTaskEchoesItsInputAndAGeneratedImageAsSignedUrlsThatDownloadWithoutAKey() {
        String id = Api.as(token).header("x-user-id", "alice").header("x-machine-id", "ws-7")
                .body(json("model", "gpt-image-1", "prompt", "log=first line;log=second line;outputs=2",
                        "image", Media.b64(Media.PNG_2X3)))
                .post("/api/images").then().statusCode(202).extract().jsonPath().getString("id");

        JsonPath t = Api.awaitStatus(token, "images", id, "SUCCESS");

        assertThat(t.getString("id")).isEqualTo(id);
        assertThat(t.getString("error_message")).isNull();
        List<String> output = t.getList("output");
        assertThat(output).hasSize(2).allSatisfy(url -> {
            assertThat(url).contains("/api/files/images/gpt-image-1/" + id + "-");
            assertThat(Api.query(url)).containsKeys("expires", "sig");
        });
        assertThat(download(output.get(0), "image/png")).isEqualTo(Media.PNG_2X3);
        assertThat(download(output.get(1), "image/png")).isEqualTo(EchoHandler.PNG);
        assertThat(t.getList("logs", String.class)).contains("first line", "second line");
        assertThat(t.getString("task_info.name")).isEqualTo("images.gpt-image-1");
        assertThat(t.getString("task_info.queue")).isEqualTo("cpu");
        assertThat(t.getString("task_info.state")).isEqualTo("SUCCESS");
        assertThat(t.getString("task_info.user_id")).isEqualTo("alice");
        assertThat(t.getString("task_info.machine_id")).isEqualTo("ws-7");
        assertTimeline(t, "succeeded");
    }

    @Test
    void aTextToImageTaskOnALocalModelRunsOnTheGpuQueueAndWritesOnePng() {
        String id = Api.submit(token, "images", json("model", "sd-xl", "prompt", "a red fox"));

        JsonPath t = Api.awaitStatus(token, "images", id, "SUCCESS");

        List<String> output = t.getList("output");
        assertThat(output).singleElement().asString().contains("/api/files/images/sd-xl/" + id + "-0.png");
        assertThat(download(output.getFirst(), "image/png")).isEqualTo(EchoHandler.PNG);
        assertThat(t.getString("task_info.queue")).isEqualTo("gpu");
        assertThat(t.getString("task_info.user_id")).as("identity headers absent").isEqualTo("unknown");
    }

    @Test
    void aTextTaskAnswersWithTheEchoOfItsPromptAndKeepsItsLogs() {
        String id = Api.submit(token, "texts", json("model", "gpt-4o", "prompt", "log=thinking hard;say hi"));

        JsonPath t = Api.awaitStatus(token, "texts", id, "SUCCESS");

        assertThat(t.getString("output")).isEqualTo("echo: log=thinking hard;say hi");
        assertThat(t.getString("error_message")).isNull();
        assertThat(t.getList("logs", String.class)).contains("thinking hard");
        assertThat(t.getString("task_info.name")).isEqualTo("texts.gpt-4o");
        assertThat(t.getString("task_info.queue")).isEqualTo("cpu");
        assertTimeline(t, "succeeded");
    }

    @Test
    void aTextTaskOnAModelThatReadsVideosAcceptsImagesAndVideos() {
        String id = Api.submit(token, "texts", json("model", "qwen-2", "prompt", "describe",
                "system_prompt", "NONE", "images", List.of(Media.b64(Media.PNG)), "videos",
                List.of(Media.b64(Media.MP4))));

        JsonPath t = Api.awaitStatus(token, "texts", id, "SUCCESS");

        assertThat(t.getString("output")).isEqualTo("echo: describe");
        assertThat(t.getString("task_info.queue")).isEqualTo("gpu");
    }

    @Test
    void aVideoToVideoTaskReturnsItsVideoAsAnMp4Download() {
        String id = Api.submit(token, "videos", json("model", "runway-gen-4", "prompt", "log=rendering",
                "video", Media.b64(Media.MP4)));

        JsonPath t = Api.awaitStatus(token, "videos", id, "SUCCESS");

        List<String> output = t.getList("output");
        assertThat(output).singleElement().asString().contains("/api/files/videos/runway-gen-4/" + id + "-0.mp4");
        assertThat(download(output.getFirst(), "video/mp4")).isEqualTo(Media.MP4);
        assertThat(t.getList("logs", String.class)).contains("rendering");
        assertThat(t.getString("task_info.name")).isEqualTo("videos.runway-gen-4");
        assertTimeline(t, "succeeded");
    }

    @Test
    void anImageToVideoTaskWithALastImageKeepsBothFramesInOrder() {
        byte[] last = Media.png(4, 5);
        String id = Api.submit(token, "videos", json("model", "kling-2", "prompt", "outputs=2",
                "image", Media.b64(Media.PNG_2X3), "last_image", Media.b64(last)));

        JsonPath t = Api.awaitStatus(token, "videos", id, "SUCCESS");

        List<String> output = t.getList("output");
        assertThat(output).hasSize(2);
        assertThat(download(output.get(0), "image/png")).isEqualTo(Media.PNG_2X3);
        assertThat(download(output.get(1), "image/png")).isEqualTo(last);
    }

    @Test
    void aWorkflowTaskRunsOnTheComfyQueueAndReturnsItsLoadedImage() {
        String id = Api.submit(token, "workflows", workflow("log=comfy ran;outputs=2", Media.b64(Media.PNG_2X3)));

        JsonPath t = Api.awaitStatus(token, "workflows", id, "SUCCESS");

        List<String> output = t.getList("output");
        assertThat(output).hasSize(2).allSatisfy(url -> assertThat(url)
                .contains("/api/files/workflows/comfy-workflow/" + id + "-"));
        assertThat(download(output.get(0), "image/png")).isEqualTo(Media.PNG_2X3);
        assertThat(download(output.get(1), "image/png")).isEqualTo(EchoHandler.PNG);
        assertThat(t.getList("logs", String.class)).contains("comfy ran");
        assertThat(t.getString("task_info.name")).isEqualTo("workflows.comfy-workflow");
        assertThat(t.getString("task_info.queue")).isEqualTo("comfy");
        assertTimeline(t, "succeeded");
    }

    static Stream<Arguments> failingTasks() {
        String script = "log=about to fail;fail=model exploded";
        return Stream.of(
                Arguments.of("images", json("model", "gpt-image-1", "prompt", script), "[]"),
                Arguments.of("texts", json("model", "gpt-5", "prompt", script), ""),
                Arguments.of("videos", json("model", "veo-3", "prompt", script), "[]"),
                Arguments.of("workflows", workflow(script, Media.b64(Media.PNG)), "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingTasks")
    void aFailingTaskReportsFailureWithTheHandlersMessageAndKeepsItsLogs(String domain, Map<String, Object> body,
            String emptyOutput) {
        String id = Api.submit(token, domain, body);

        JsonPath t = Api.awaitStatus(token, domain, id, "FAILURE", "SUCCESS");

        assertThat(t.getString("status")).isEqualTo("FAILURE");
        assertThat(t.getString("error_message")).isEqualTo("Task failed with error: model exploded");
        assertThat(t.getList("logs", String.class)).contains("about to fail");
        Object output = t.get("output");
        assertThat(String.valueOf(output)).isEqualTo(emptyOutput);
        assertThat(t.getString("task_info.state")).isEqualTo("FAILURE");
        assertTimeline(t, "failed");
    }

    @Test
    void aRunningTaskReportsItsStepsAsProgressAndEndsWithAllStepsDone() {
        String id = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "sleep=3000;steps=30"));
        AtomicReference<JsonPath> running = new AtomicReference<>();

        Api.waiting().pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JsonPath t = Api.task(token, "images", id);
            assertThat(t.getString("status")).isEqualTo("STARTED");
            assertThat(t.getMap("task_info.progress")).isNotNull();
            running.set(t);
        });

        JsonPath t = running.get();
        assertThat(t.getLong("task_info.progress.total")).isEqualTo(30);
        assertThat(t.getLong("task_info.progress.step")).isBetween(1L, 30L);
        assertThat(t.getString("task_info.started")).isNotNull();
        assertThat(t.getString("task_info.succeeded")).isNull();
        assertThat(t.getList("output")).isEmpty();
        assertThat(t.getList("logs", String.class)).anySatisfy(l -> assertThat(l).startsWith("Started on worker"));
        JsonPath done = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(done.getLong("task_info.progress.step")).isEqualTo(30);
        assertThat(done.getLong("task_info.progress.total")).isEqualTo(30);
    }
}
