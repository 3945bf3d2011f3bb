package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.worker.images.local.depth.TinyDepthAnything;
import io.ddiffusion.worker.models.LocalModels;
import io.ddiffusion.worker.models.ModelComponent;
import io.ddiffusion.worker.models.hub.HubCache;
import io.ddiffusion.worker.models.hub.HubFile;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local ONNX model through the real distribution: tiny stand-ins for the pinned depth-anything-2 files are placed
 * in a Hugging Face cache (at the pinned commit's snapshot paths, with the pinned sizes), the process runs offline,
 * and a client submits an image over HTTP and downloads a depth PNG of the image's size.
 */
class LocalModelIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DistributionProcess serve(Path hubCache) throws Exception {
        return DistributionProcess.start(dir, Map.of(
                "DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()),
                "HF_HUB_CACHE", hubCache.toString(),
                "HF_HUB_OFFLINE", "1",
                "DDIFFUSION_ONNX_DEVICE", "cpu"), "serve").awaitHealthy(Duration.ofSeconds(60));
    }

    /** Places every pinned depth-anything-2 file in {@code cache}: tiny models padded to the pinned sizes. */
    private static void placeTinyDepthModel(Path cache) throws Exception {
        HubCache hub = new HubCache(cache);
        for (ModelComponent c : LocalModels.DEPTH_ANYTHING_2.components()) {
            HubFile file = c.file().orElseThrow();
            Path target = hub.snapshot(file);
            Files.createDirectories(target.getParent());
            switch (c.role()) {
                case "model" -> TinyOnnx.padTo(TinyDepthAnything.meanOverChannels(TinyOnnx.FLOAT).save(target),
                        file.size());
                case "model_fp16" -> TinyOnnx.padTo(TinyDepthAnything.meanOverChannels(TinyOnnx.FLOAT16)
                        .save(target), file.size());
                default -> Files.writeString(target, "{}" + " ".repeat((int) file.size() - 2));
            }
        }
    }

    private static String pngBase64(int width, int height) throws Exception {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void depthAnything2RunsOnTheCachedWeightsAndReturnsADepthPngOfTheInputSize() throws Exception {
        Path cache = dir.resolve("hf-cache");
        placeTinyDepthModel(cache);
        try (DistributionProcess app = serve(cache)) {
            E2eClient client = new E2eClient(app, dir);
            String id = client.submit("images", Map.of("model", "depth-anything-2", "image", pngBase64(96, 64)));
            await().atMost(Duration.ofSeconds(90)).until(() -> !client.task("images", id).get("status").asText()
                    .matches("PENDING|RECEIVED|STARTED"));

            JsonNode done = client.task("images", id);
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
            assertThat(done.get("logs").toString()).contains("Loaded depth-anything-2");
            HttpResponse<byte[]> file = client.download(done.get("output").get(0).asText());
            assertThat(file.statusCode()).isEqualTo(200);
            BufferedImage depth = ImageIO.read(new ByteArrayInputStream(file.body()));
            assertThat(depth.getWidth()).isEqualTo(96);
            assertThat(depth.getHeight()).isEqualTo(64);
            assertThat(depth.getColorModel().getPixelSize()).as("16-bit greyscale").isEqualTo(16);

            // the worker publishes its loaded models with its next heartbeat
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.admin("/api/admin/workers")
                    .toString()).contains("depth-anything-2/model").contains("\"device\":\"cpu\""));
        }
    }

    @Test
    void withoutCachedWeightsOfflineTheModelIsListedAsNotPulledAndSubmitsAreRefusedNamingThePullCommand()
            throws Exception {
        try (DistributionProcess app = serve(dir.resolve("empty-cache"))) {
            E2eClient client = new E2eClient(app, dir);
            String pull = "weights not pulled: run ./ddiffusion models pull depth-anything-2 on the workers of the gpu "
                    + "queue (tasks may not download them: HF_HUB_OFFLINE is set)";
            JsonNode models = JSON.readTree(client.get("/api/images/models", client.key()).body());
            assertThat(models.at("/models/depth-anything-2/available").asBoolean(true)).isFalse();
            assertThat(models.at("/models/depth-anything-2/unavailable_reason").asText()).isEqualTo(pull);

            HttpResponse<String> refused = client.post("images", Map.of("model", "depth-anything-2", "image",
                    pngBase64(32, 32)));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(JSON.readTree(refused.body()).at("/detail/0/msg").asText())
                    .isEqualTo("Model 'depth-anything-2' is not available: " + pull);
        }
    }
}
