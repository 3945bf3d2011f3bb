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
 * {@code flux-1} and {@code wan-2} through the packaged distribution ({@code serve}) with the ComfyUI sidecar played
 * by the emulator: their real handlers and engine, their files pinned to stand-ins placed in the Hugging Face cache
 * the worker reads (the build's own pins are incomplete); text-to-image, image-to-image (upload into the task's
 * folder) and text-to-video end to end.
 */
class ComfyModelsIT {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void flux1AndWan2RunOnTheSidecarFromTheApiToTheirStoredOutputs() throws Exception {
        Path hub = dir.resolve("hub");
        StandInWeights.pull(StandInWeights.pinned(Flux1.MODEL), new HubCache(hub));
        StandInWeights.pull(StandInWeights.pinned(Wan2.MODEL), new HubCache(hub));
        try (ComfyEmulator comfy = new ComfyEmulator()) {
            Set<String> classes = new HashSet<>(ComfyEmulator.CORE_NODES);
            classes.addAll(ComfyImageModels.nodeClasses(ImageModel.FLUX_1));
            classes.addAll(ComfyVideoModels.nodeClasses(VideoModel.WAN_2));
            comfy.nodeClasses(classes).plan(ComfyPlan.defaults().steps(4, 20));
            Map<String, String> env = new HashMap<>();
            env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
            env.put("COMFY_API_URL", comfy.url().toString());
            env.put("DDIFFUSION_HEARTBEAT_MS", "200");
            env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
            env.put(StandInComfyProvider.VARIABLE, "1");
            env.put("HF_HUB_CACHE", hub.toString());
            try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
                serve.awaitHealthy(START);
                E2eClient client = new E2eClient(serve, dir);

                String id = client.submit("images", Map.of("model", "flux-1", "prompt", "a lighthouse", "width",
                        1000, "height", 720, "seed", 77));
                JsonNode done = client.awaitFinished("images", id, Duration.ofSeconds(60));

                assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
                assertThat(done.get("task_info").get("progress").get("total").asInt()).isEqualTo(4);
                HttpResponse<byte[]> png = client.download(done.get("output").get(0).asText());
                assertThat(png.statusCode()).isEqualTo(200);
                assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
                JsonNode sent = comfy.prompts().getFirst();
                assertThat(sent.get("prompt_id").asText()).isEqualTo(id);
                JsonNode prompt = sent.get("prompt");
                assertThat(titled(prompt, "prompt").at("/inputs/text").asText()).isEqualTo("a lighthouse");
                assertThat(titled(prompt, "sampler").at("/inputs/seed").asLong()).isEqualTo(77);
                assertThat(titled(prompt, "latent").at("/inputs/width").asInt()).isEqualTo(992);

                String edit = client.submit("images", Map.of("model", "flux-1", "prompt", "at night", "image",
                        Base64.getEncoder().encodeToString(TestMedia.png(40, 36))));
                JsonNode edited = client.awaitFinished("images", edit, Duration.ofSeconds(60));

                assertThat(edited.get("status").asText()).as(edited.toString()).isEqualTo("SUCCESS");
                assertThat(comfy.uploads()).singleElement().satisfies(u -> assertThat(u.subfolder())
                        .isEqualTo("ddiffusion/" + edit));
                JsonNode kontext = comfy.prompts().getLast().get("prompt");
                assertThat(titled(kontext, "image").at("/inputs/image").asText())
                        .isEqualTo("ddiffusion/" + edit + "/image.png");
                assertThat(titled(kontext, "diffusion_model").at("/inputs/unet_name").asText())
                        .isEqualTo(Flux1.MODEL.files().get(1).fileName());

                String clip = client.submit("videos", Map.of("model", "wan-2", "prompt", "waves", "num_frames", 33,
                        "seed", 5));
                JsonNode video = client.awaitFinished("videos", clip, Duration.ofSeconds(60));

                assertThat(video.get("status").asText()).as(video.toString()).isEqualTo("SUCCESS");
                HttpResponse<byte[]> mp4 = client.download(video.get("output").get(0).asText());
                assertThat(mp4.statusCode()).isEqualTo(200);
                assertThat(mp4.headers().firstValue("Content-Type")).contains("video/mp4");
                JsonNode wan = comfy.prompts().getLast();
                assertThat(wan.get("prompt_id").asText()).isEqualTo(clip);
                assertThat(titled(wan.get("prompt"), "latent").at("/inputs/length").asInt()).isEqualTo(33);
                assertThat(titled(wan.get("prompt"), "sampler_high").at("/inputs/noise_seed").asLong()).isEqualTo(5);
            }
        }
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
