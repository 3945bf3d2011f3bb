package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.builtin.BuiltInHandlers;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.Worker;
import io.ddiffusion.worker.runtime.WorkerOptions;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /models} and submits follow what live workers report they can run: two workers, one with credentials and
 * one without; a worker that dies; a GPU worker without weights; no worker at all. The API runs without an
 * in-process worker ({@link ApiOnlyProfile}); each test starts real workers with the built-in handlers and settings of
 * their own on the API's broker. Run embedded ({@link ModelAvailabilityTest}) and on Redis
 * ({@link RedisModelAvailabilityTest}).
 */
abstract class AbstractModelAvailabilityTest {
    static final String NO_TOKEN = "REPLICATE_API_TOKEN is not set on the workers of the cpu queue: flux-1-pro runs on "
            + "Replicate";
    /** A worker is dead after five missed beats of the test profile's 200 ms; /models reads a snapshot ≤ 1 s old. */
    static final Duration DEATH_NOTICED = Duration.ofSeconds(5);

    @Inject
    TaskQueue queue;
    @Inject
    TaskStore store;
    @Inject
    BlobStorage storage;

    final List<Worker> workers = new ArrayList<>();
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("availability");
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(w -> w.shutdown(Duration.ZERO));
        workers.clear();
        await().atMost(DEATH_NOTICED).until(() -> model("images", "flux-1-pro").getString("unavailable_reason")
                .startsWith("no live worker serves the cpu queue") && model("images", "sd-xl")
                .getString("unavailable_reason").startsWith("no live worker serves the gpu queue"));
    }

    /** A worker of the built-in handlers on {@code queues}, reading {@code env} as its environment. */
    Worker startWorker(Set<Queue> queues, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("DDIFFUSION_HEARTBEAT_MS", "200");
        Env settings = Env.of(all);
        HandlerRegistry.Builder handlers = HandlerRegistry.builder();
        new BuiltInHandlers().register(handlers, settings);
        Worker w = new Worker("avail-" + UUID.randomUUID().toString().substring(0, 8), queue, store, storage,
                handlers.build(), WorkerOptions.from(settings, queues), Clock.systemUTC());
        workers.add(w);
        w.start();
        return w;
    }

    /** Credentials that point nowhere: these tests never run a task. */
    static Map<String, String> credentials() {
        return Map.of("REPLICATE_API_TOKEN", "r8_test", "REPLICATE_BASE_URL", "http://127.0.0.1:9/v1",
                "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    }

    JsonPath model(String domain, String id) {
        return Api.as(token).get("/api/" + domain + "/models").then().statusCode(200).extract().jsonPath()
                .setRootPath("models.'" + id + "'");
    }

    void awaitReason(String domain, String id, String reason) {
        await().atMost(DEATH_NOTICED).untilAsserted(() -> {
            JsonPath m = model(domain, id);
            assertThat(m.getString("unavailable_reason")).as(id).isEqualTo(reason);
            assertThat(m.getBoolean("available")).as(id).isEqualTo(reason == null);
        });
    }

    void assertRefused(String domain, Map<String, Object> body, String model, String reason) {
        Api.assertProblem(Api.as(token).body(body).post("/api/" + domain), "Model '" + model
                + "' is not available: " + reason, "model_unavailable", "body", "model");
    }

    @Test
    void withNoLiveWorkerTasksWaitUnlessTheModelCannotRunInThisBuildOrItsProviderIsUnconfigured() {
        assertThat(model("images", "sd-xl").getString("unavailable_reason"))
                .isEqualTo("no live worker serves the gpu queue; tasks wait until one starts");
        assertThat(model("images", "sd-xl").getBoolean("available")).isFalse();
        String waiting = Api.submit(token, "images", json("model", "sd-xl", "prompt", "x"));
        assertThat(Api.task(token, "images", waiting).getString("status")).isEqualTo("PENDING");
        Api.cancelQuietly(token, "images", waiting);

        assertThat(model("images", "sam-3").getString("unavailable_reason"))
                .isEqualTo(ImageModel.SAM_3.notInThisBuild().orElseThrow());
        assertThat(model("images", "flux-1").getString("unavailable_reason"))
                .isEqualTo("no live worker serves the gpu queue; tasks wait until one starts");
        // why: with no worker to ask, this API's settings (no token, no DDIFFUSION_ENABLED_PROVIDERS) decide
        assertRefused("images", json("model", "flux-1-pro", "prompt", "x"), "flux-1-pro",
                "no live worker serves the cpu queue, and REPLICATE_API_TOKEN is not set here: flux-1-pro runs on "
                        + "Replicate (API machines without provider secrets name the configured providers in "
                        + "DDIFFUSION_ENABLED_PROVIDERS)");
    }

    @Test
    void aModelIsAvailableWhileOneLiveWorkerCanRunItAndRefusedWithTheWorkersReasonWhenNoneCan() {
        startWorker(Set.of(Queue.CPU), Map.of());
        awaitReason("images", "flux-1-pro", NO_TOKEN);
        assertRefused("images", json("model", "flux-1-pro", "prompt", "x"), "flux-1-pro", NO_TOKEN);
        assertThat(model("videos", "sora-2").getString("unavailable_reason")).isEqualTo("OPENAI_API_KEY is not set "
                + "on the workers of the cpu queue: sora-2 runs on OpenAI");

        Worker withCredentials = startWorker(Set.of(Queue.CPU), credentials());
        awaitReason("images", "flux-1-pro", null);
        awaitReason("videos", "sora-2", null);

        withCredentials.halt();
        awaitReason("images", "flux-1-pro", NO_TOKEN);
        assertRefused("images", json("model", "flux-1-pro", "prompt", "x"), "flux-1-pro", NO_TOKEN);
    }

    @Test
    void aGpuWorkerWithoutWeightsSaysWhichCommandFetchesThem() throws Exception {
        Path emptyCache = Files.createTempDirectory("dd-empty-hub");
        startWorker(Set.of(Queue.GPU), Map.of("HF_HUB_OFFLINE", "1", "HF_HUB_CACHE", emptyCache.toString()));

        String pull = "weights not pulled: run ./ddiffusion models pull depth-anything-2 on the workers of the gpu "
                + "queue (tasks may not download them: HF_HUB_OFFLINE is set)";
        awaitReason("images", "depth-anything-2", pull);
        assertRefused("images", json("model", "depth-anything-2", "prompt", "x"), "depth-anything-2", pull);
        assertThat(model("images", "sd-xl").getString("unavailable_reason")).as("pinned by commit: pulled like others")
                .isEqualTo("weights not pulled: run ./ddiffusion models pull sd-xl on the workers of the gpu queue "
                        + "(tasks may not download them: HF_HUB_OFFLINE is set)");
        assertThat(model("images", "flux-1").getString("unavailable_reason")).startsWith("COMFY_API_URL is not set "
                + "on the workers of the gpu queue: flux-1 runs on a ComfyUI sidecar").contains("; weights not pinned "
                + "in this build: ", "--lock-latest");
        assertThat(model("texts", "qwen-2").getString("unavailable_reason")).startsWith("DDIFFUSION_LOCAL_LLM_URL is "
                + "not set on the workers of the gpu queue");
        assertThat(model("images", "flux-1-pro").getString("unavailable_reason"))
                .as("a gpu worker says nothing about the cpu queue").startsWith("no live worker serves the cpu queue");

        JsonPath listed = Api.admin().get("/api/admin/workers").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getString("[0].capabilities.cannot_run.'images.depth-anything-2'")).isEqualTo(pull);
    }
}
