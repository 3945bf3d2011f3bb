package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.app.api.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook messages survive the API node that owed them: the packaged {@code api} and a worker on the machine's Redis,
 * a receiver that refuses the first attempt, the API process killed (SIGKILL) before its retry, and a new API process
 * that sends the retry with the same {@code webhook-id}, signed with the installation's secret.
 */
class WebhookIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "whsec_aW50ZWdyYXRpb24tdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OQ==";

    @TempDir
    Path dir;

    @Test
    void aRetryOwedByAKilledApiNodeIsSentByTheNextWithTheSameId() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        settings.put("DDIFFUSION_WEBHOOK_SECRET", SECRET);
        settings.put("DDIFFUSION_WEBHOOK_ALLOW_PRIVATE", "true");
        settings.put("DDIFFUSION_WEBHOOK_RETRY_SECONDS", "5,5");
        try (RedisDeployment deployment = new RedisDeployment(dir, settings);
                WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            DistributionProcess first = deployment.start("cpu");
            E2eClient client = deployment.client(first);
            String token = client.newKey("studio");

            String id = client.submit("texts", Map.of("model", "gpt-4o", "prompt", "x",
                    "webhook", receiver.url("/hook"), "webhook_events_filter", List.of("completed")));
            await().atMost(WAIT).until(() -> attempts(client, id) == 1);
            first.kill();
            assertThat(receiver.forPath("/hook")).hasSize(1);

            DistributionProcess second = deployment.api("api2");
            await().atMost(WAIT).until(() -> receiver.forPath("/hook").size() == 2);

            List<WebhookReceiver.Received> got = receiver.forPath("/hook");
            assertThat(got.get(1).header("webhook-id")).isEqualTo(got.get(0).header("webhook-id"));
            assertThat(WebhookReceiver.verify(SECRET, got.get(0))).isTrue();
            assertThat(WebhookReceiver.verify(SECRET, got.get(1))).isTrue();
            JsonNode body = E2eClient.JSON.readTree(got.get(1).body());
            assertThat(body.get("id").asText()).isEqualTo(id);
            assertThat(body.get("status").asText()).isEqualTo("SUCCESS");
            E2eClient onSecond = deployment.client(second);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode message = E2eClient.JSON.readTree(onSecond.get("/api/texts/" + id, token).body())
                        .at("/task_info/webhook/deliveries/0");
                assertThat(message.get("state").asText()).isEqualTo("delivered");
                assertThat(message.get("attempts").asInt()).isEqualTo(2);
                assertThat(message.get("id").asText()).isEqualTo(got.get(0).header("webhook-id"));
            });
        }
    }

    private static int attempts(E2eClient client, String id) throws Exception {
        JsonNode message = client.task("texts", id).at("/task_info/webhook/deliveries/0/attempts");
        return message.isMissingNode() ? 0 : message.asInt();
    }
}
