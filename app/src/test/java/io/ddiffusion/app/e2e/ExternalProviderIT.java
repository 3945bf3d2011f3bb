package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real distribution with its real Replicate handlers, the provider played by the emulator: submit over HTTP,
 * watch logs and progress come through, download the signed URL; cancel and see the provider told to stop.
 */
class ExternalProviderIT {

    @TempDir
    Path dir;

    private DistributionProcess serve(ReplicateEmulator replicate) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        env.put("REPLICATE_API_TOKEN", ReplicateEmulator.TOKEN);
        env.put("REPLICATE_BASE_URL", replicate.baseUrl());
        env.put("DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", "true");
        return DistributionProcess.start(dir, env, "serve").awaitHealthy(Duration.ofSeconds(60));
    }

    @Test
    void anExternalModelRunsThroughTheApiAndItsOutputDownloads() throws Exception {
        try (ReplicateEmulator replicate = new ReplicateEmulator();
                DistributionProcess app = serve(replicate)) {
            replicate.plan(ReplicateEmulator.Plan.succeed(ReplicateEmulator.Output.PNG)
                    .withLogs(3, List.of("Using seed: 42\n", "40%|####      | 8/20\n", "100%|##########| 20/20\n")));
            E2eClient client = new E2eClient(app, dir);

            String id = client.submit("images", Map.of("model", "flux-1-pro", "prompt", "a lighthouse at dusk"));
            await().atMost(Duration.ofSeconds(60)).until(() -> !client.task("images", id).get("status").asText()
                    .matches("PENDING|RECEIVED|STARTED"));

            JsonNode done = client.task("images", id);
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
            assertThat(done.get("logs").toString()).contains("Replicate prediction").contains("Using seed: 42");
            assertThat(done.get("task_info").get("progress").get("step").asLong()).isPositive();
            JsonNode input = replicate.lastInput("black-forest-labs/flux-1.1-pro");
            assertThat(input.get("prompt").asText()).isEqualTo("a lighthouse at dusk");
            assertThat(input.get("aspect_ratio").asText()).isEqualTo("16:9");
            assertThat(replicate.violations()).isEmpty();

            HttpResponse<byte[]> file = client.download(done.get("output").get(0).asText());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).contains("image/png");
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(file.body()));
            assertThat(png).isNotNull();
        }
    }

    @Test
    void cancellingARunningExternalTaskCancelsThePrediction() throws Exception {
        try (ReplicateEmulator replicate = new ReplicateEmulator();
                DistributionProcess app = serve(replicate)) {
            replicate.plan(ReplicateEmulator.Plan.never());
            E2eClient client = new E2eClient(app, dir);
            String id = client.submit("images", Map.of("model", "flux-1-pro", "prompt", "slow"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !replicate.predictionIds().isEmpty());

            HttpResponse<String> cancel = client.delete("images", id);
            assertThat(E2eClient.JSON.readTree(cancel.body()).get("status").asText()).isEqualTo("REVOKED");

            String prediction = replicate.predictionIds().getFirst();
            await().atMost(Duration.ofSeconds(15)).until(() -> replicate.cancelCalled(prediction));
            assertThat(client.task("images", id).get("status").asText()).isEqualTo("REVOKED");
        }
    }
}
