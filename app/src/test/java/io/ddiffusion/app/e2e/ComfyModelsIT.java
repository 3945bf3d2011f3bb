package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.images.local.comfy.ComfyImageModels;
import io.ddiffusion.worker.images.local.comfy.Flux1;
import io.ddiffusion.worker.models.hub.HubCache;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import io.ddiffusion.worker.videos.local.comfy.ComfyVideoModels;
import io.ddiffusion.worker.videos.local.comfy.Wan2;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import io.ddiffusion.worker.workflows.comfy.ComfyPlan;
import io.ddiffusion.worker.workflows.comfy.StandInComfyProvider;
import io.ddiffusion.worker.workflows.comfy.StandInWeights;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flux-1} and {@code wan-2} through the packaged distribution with the ComfyUI sidecar played by the emulator:
 * their real handlers and engine, their files pinned to stand-ins placed in the Hugging Face cache the worker reads
 * (the build's own pins are incomplete); text-to-image, image-to-image (upload into the task's folder) and
 * text-to-video end to end, once embedded ({@code serve}) and once as deployed ({@code api} and a gpu
 * {@code worker} on Redis).
 */
class ComfyModelsIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final int STEPS = 4;

    @TempDir
    Path dir;

    @Test
    void flux1AndWan2RunOnTheSidecarFromTheApiToTheirStoredOutputs() throws Exception {
        try (ComfyEmulator comfy = emulator()) {
            Map<String, String> env = env(comfy);
            env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
            try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
                serve.awaitHealthy(START);
                runTheModels(new E2eClient(serve, dir), comfy);
            }
        }
    }

    @Test
    void flux1AndWan2RunThroughAnApiAndAWorkerOnRedis() throws Exception {
        try (ComfyEmulator comfy = emulator();
                RedisDeployment deployment = new RedisDeployment(dir, env(comfy))) {
            DistributionProcess api = deployment.start("gpu");
            runTheModels(deployment.client(api), comfy);
            assertThat(comfy.violations()).isEmpty();
        }
    }

    /** The emulator with the node classes both models need, playing {@value #STEPS} sampler steps per prompt. */
    private static ComfyEmulator emulator() throws IOException {
        ComfyEmulator comfy = new ComfyEmulator();
        Set<String> classes = new HashSet<>(ComfyEmulator.CORE_NODES);
        classes.addAll(ComfyImageModels.nodeClasses(ImageModel.FLUX_1));
        classes.addAll(ComfyVideoModels.nodeClasses(VideoModel.WAN_2));
        return comfy.nodeClasses(classes).plan(ComfyPlan.defaults().steps(STEPS, 20));
    }

    /** The sidecar, the stand-in plugin and both models' stand-in files in a fresh Hugging Face cache. */
    private Map<String, String> env(ComfyEmulator comfy) throws Exception {
        Path hub = dir.resolve("hub");
        StandInWeights.pull(StandInWeights.pinned(Flux1.MODEL), new HubCache(hub));
        StandInWeights.pull(StandInWeights.pinned(Wan2.MODEL), new HubCache(hub));
        Map<String, String> env = new HashMap<>();
        env.put("COMFY_API_URL", comfy.url().toString());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        env.put(StandInComfyProvider.VARIABLE, "1");
        env.put("HF_HUB_CACHE", hub.toString());
        return env;
    }

    /**
     * flux-1 text-to-image and image-to-image, then wan-2 text-to-video: each succeeds with its progress at the last
     * step, its output fetched through its signed URL with the right type, and the graph the sidecar received holds
     * the request's prompt, seed and size in the nodes the workflow titles for them.
     */
    private static void runTheModels(E2eClient client, ComfyEmulator comfy) throws Exception {
        String id = client.submit("images", Map.of("model", "flux-1", "prompt", "a lighthouse", "width",
                1000, "height", 720, "seed", 77));
        JsonNode done = client.awaitFinished("images", id, Duration.ofSeconds(60));

        assertSucceededAtTheLastStep(done);
        assertDownloads(client, done, "image/png");
        JsonNode sent = comfy.prompts().getFirst();
        assertThat(sent.get("prompt_id").asText()).isEqualTo(id);
        JsonNode prompt = sent.get("prompt");
        assertThat(titled(prompt, "prompt").at("/inputs/text").asText()).isEqualTo("a lighthouse");
        assertThat(titled(prompt, "sampler").at("/inputs/seed").asLong()).isEqualTo(77);
        assertThat(titled(prompt, "latent").at("/inputs/width").asInt()).isEqualTo(992);
        assertThat(titled(prompt, "latent").at("/inputs/height").asInt()).isEqualTo(720);

        String edit = client.submit("images", Map.of("model", "flux-1", "prompt", "at night", "image",
                Base64.getEncoder().encodeToString(TestMedia.png(40, 36))));
        JsonNode edited = client.awaitFinished("images", edit, Duration.ofSeconds(60));

        assertSucceededAtTheLastStep(edited);
        assertThat(comfy.uploads()).singleElement().satisfies(u -> assertThat(u.subfolder())
                .isEqualTo("ddiffusion/" + edit));
        JsonNode kontext = comfy.prompts().getLast().get("prompt");
        assertThat(titled(kontext, "prompt").at("/inputs/text").asText()).isEqualTo("at night");
        assertThat(titled(kontext, "image").at("/inputs/image").asText())
                .isEqualTo("ddiffusion/" + edit + "/image.png");
        assertThat(titled(kontext, "diffusion_model").at("/inputs/unet_name").asText())
                .isEqualTo(Flux1.MODEL.files().get(1).fileName());

        String clip = client.submit("videos", Map.of("model", "wan-2", "prompt", "waves", "num_frames", 33,
                "seed", 5));
        JsonNode video = client.awaitFinished("videos", clip, Duration.ofSeconds(60));

        assertSucceededAtTheLastStep(video);
        assertDownloads(client, video, "video/mp4");
        JsonNode wan = comfy.prompts().getLast();
        assertThat(wan.get("prompt_id").asText()).isEqualTo(clip);
        assertThat(titled(wan.get("prompt"), "latent").at("/inputs/length").asInt()).isEqualTo(33);
        assertThat(titled(wan.get("prompt"), "sampler_high").at("/inputs/noise_seed").asLong()).isEqualTo(5);
    }

    /** SUCCESS, with the sampler's progress events seen up to the last of its {@value #STEPS} steps. */
    private static void assertSucceededAtTheLastStep(JsonNode task) {
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("SUCCESS");
        JsonNode progress = task.get("task_info").get("progress");
        assertThat(progress.get("total").asInt()).as(task.toString()).isEqualTo(STEPS);
        assertThat(progress.get("step").asInt()).as(task.toString()).isEqualTo(STEPS);
    }

    /** The task's first output through its signed URL (no key): 200 with {@code contentType}. */
    private static void assertDownloads(E2eClient client, JsonNode task, String contentType) throws Exception {
        HttpResponse<byte[]> file = client.download(task.get("output").get(0).asText());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains(contentType);
        assertThat(file.body()).isNotEmpty();
    }

    private static JsonNode titled(JsonNode prompt, String title) {
        for (JsonNode n : prompt) {
            if (n.at("/_meta/title").asText().equals(title)) {
                return n;
            }
        }
        throw new AssertionError("no node titled " + title + " in " + prompt);
    }
}
