package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import io.ddiffusion.worker.workflows.comfy.ComfyPlan;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflows route through the packaged distribution with the ComfyUI sidecar played by the emulator: a user
 * workflow with patches end to end (embedded), an execution error, a lost WebSocket, cancellation reaching the
 * sidecar, and (API and worker processes on Redis, {@link RedisDeployment}) a takeover after a worker is killed
 * mid-run, without a second {@code POST /prompt}.
 */
class ComfyWorkflowIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    @TempDir
    Path dir;

    static Map<String, Object> node(String type, String title, Map<String, Object> inputs) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("class_type", type);
        n.put("inputs", inputs);
        n.put("_meta", Map.of("title", title));
        return n;
    }

    /** A text-to-image graph with a titled prompt, seed and input image, a sampler and a save node. */
    static Map<String, Object> body(String prompt, int seed) {
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("1", node("CheckpointLoaderSimple", "ckpt", Map.of("ckpt_name", "sd15.safetensors")));
        graph.put("2", node("PrimitiveStringMultiline", "prompt", Map.of("value", "")));
        graph.put("3", node("PrimitiveInt", "seed", Map.of("value", 0)));
        graph.put("4", node("LoadImage", "plate", Map.of("image", "example.png")));
        graph.put("5", node("KSampler", "KSampler", Map.of("seed", List.of("3", 0), "steps", 20)));
        graph.put("6", node("SaveImage", "Save Image", Map.of("images", List.of("5", 0), "filename_prefix", "dd")));
        return Map.of("workflow", graph, "patches", List.of(
                Map.of("title", "prompt", "class_type", "PrimitiveStringMultiline", "value", prompt),
                Map.of("title", "seed", "class_type", "PrimitiveInt", "value", seed),
                Map.of("title", "plate", "class_type", "LoadImage", "value",
                        Base64.getEncoder().encodeToString(PNG))));
    }

    private Map<String, String> env(ComfyEmulator comfy) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        env.put("COMFY_API_URL", comfy.url().toString());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        return env;
    }

    @Test
    void aUserWorkflowWithPatchesRunsOnTheSidecarAndEveryOutputDownloads() throws Exception {
        try (ComfyEmulator comfy = new ComfyEmulator();
                DistributionProcess serve = DistributionProcess.start(dir, env(comfy), "serve")) {
            serve.awaitHealthy(START);
            comfy.plan(ComfyPlan.defaults().steps(4, 50).output("6", ComfyPlan.File.png("dd_00001_.png"),
                    ComfyPlan.File.exr("dd_00002_.exr")));
            E2eClient client = new E2eClient(serve, dir);

            String id = client.submit("workflows", body("a lighthouse", 1234));
            JsonNode done = client.awaitFinished("workflows", id, Duration.ofSeconds(60));

            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
            assertThat(done.get("output")).hasSize(2);
            HttpResponse<byte[]> exr = client.download(done.get("output").get(1).asText());
            assertThat(exr.statusCode()).isEqualTo(200);
            assertThat(exr.headers().firstValue("Content-Type")).contains("image/x-exr");
            assertThat(done.get("task_info").get("progress").get("total").asInt()).isEqualTo(4);
            JsonNode sent = comfy.prompts().getFirst();
            assertThat(sent.get("prompt_id").asText()).isEqualTo(id);
            assertThat(sent.at("/prompt/2/inputs/value").asText()).isEqualTo("a lighthouse");
            assertThat(sent.at("/prompt/3/inputs/value").asInt()).isEqualTo(1234);
            assertThat(sent.at("/prompt/4/inputs/image").asText()).startsWith("ddiffusion/" + id);
            assertThat(comfy.uploads()).singleElement().satisfies(u -> assertThat(u.data()).isEqualTo(PNG));
            await().atMost(Duration.ofSeconds(10)).until(() -> comfy.historyDeletes().contains(id));
            assertThat(comfy.violations()).isEmpty();
        }
    }

    @Test
    void anExecutionErrorALostSocketAndACancellationReachTheUserAndTheSidecar() throws Exception {
        try (ComfyEmulator comfy = new ComfyEmulator();
                DistributionProcess serve = DistributionProcess.start(dir, env(comfy), "serve")) {
            serve.awaitHealthy(START);
            E2eClient client = new E2eClient(serve, dir);

            comfy.plan(ComfyPlan.defaults().fail("5", "KSampler", "CUDA out of memory"));
            JsonNode failed = client.awaitFinished("workflows", client.submit("workflows", body("x", 1)),
                    Duration.ofSeconds(60));
            assertThat(failed.get("status").asText()).isEqualTo("FAILURE");
            assertThat(failed.get("error_message").asText()).contains("KSampler").contains("CUDA out of memory");

            comfy.plan(ComfyPlan.defaults().steps(6, 150).dropSocketAt(2));
            JsonNode survived = client.awaitFinished("workflows", client.submit("workflows", body("y", 2)),
                    Duration.ofSeconds(60));
            assertThat(survived.get("status").asText()).as(survived.toString()).isEqualTo("SUCCESS");
            assertThat(comfy.connects()).as("reconnected after the drop").isGreaterThanOrEqualTo(3);

            comfy.plan(ComfyPlan.defaults().steps(200, 100));
            String running = client.submit("workflows", body("z", 3));
            await().atMost(Duration.ofSeconds(30)).until(() -> comfy.isRunning(running));
            HttpResponse<String> cancel = client.delete("workflows", running);
            assertThat(E2eClient.JSON.readTree(cancel.body()).get("status").asText()).isEqualTo("REVOKED");
            await().atMost(Duration.ofSeconds(10)).until(() -> comfy.interrupts().contains(running));
            await().atMost(Duration.ofSeconds(10)).until(() -> !comfy.queued(running));
        }
    }

    @Test
    void aTaskTakenOverFromAKilledWorkerAttachesToItsPromptInsteadOfPostingItAgain() throws Exception {
        try (ComfyEmulator comfy = new ComfyEmulator();
                RedisDeployment deployment = new RedisDeployment(dir, env(comfy))) {
            comfy.plan(ComfyPlan.defaults().steps(40, 100));
            DistributionProcess api = deployment.start("comfy");
            E2eClient client = deployment.client(api);
            String id = client.submit("workflows", body("takeover", 5));
            await().atMost(Duration.ofSeconds(30)).until(() -> comfy.isRunning(id));

            deployment.workers().getFirst().kill();
            deployment.worker("w2", "comfy");

            JsonNode done = client.awaitFinished("workflows", id, Duration.ofSeconds(60));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
            assertThat(done.get("task_info").get("retries").asInt()).isEqualTo(1);
            assertThat(comfy.prompts()).as("one POST /prompt for the task").hasSize(1);
            assertThat(comfy.uploads()).as("its input uploaded once").hasSize(1);
        }
    }
}
