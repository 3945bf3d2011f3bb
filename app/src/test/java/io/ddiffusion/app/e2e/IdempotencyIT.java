package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotent creates across API nodes: two {@code api} processes of the packaged distribution on the machine's Redis
 * (no worker, so every task created stays in its queue to be counted), and a client whose retries of one create land
 * on both at once.
 */
class IdempotencyIT {
    private static final String REDIS = System.getProperty("ddiffusion.test.redis", "redis://127.0.0.1:6379/0");
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void concurrentDuplicatesOnTwoApiNodesCreateExactlyOneTask() throws Exception {
        String prefix = "ddtest:" + UUID.randomUUID() + ":";
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_REDIS_URL", REDIS);
        env.put("DDIFFUSION_REDIS_PREFIX", prefix);
        env.put("DDIFFUSION_ADMIN_KEY", "e2e-admin-key-" + UUID.randomUUID());
        env.put("DDIFFUSION_STORAGE_DIRECTORY", dir.resolve("shared-storage").toString());
        // why: no worker runs, so the API is told the provider is configured and queues the tasks
        env.put("DDIFFUSION_ENABLED_PROVIDERS", "replicate");
        Map<String, String> firstEnv = new HashMap<>(env);
        firstEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        Map<String, String> secondEnv = new HashMap<>(env);
        secondEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        try (DistributionProcess first = DistributionProcess.start(dir.resolve("api1"), firstEnv, "api");
                DistributionProcess second = DistributionProcess.start(dir.resolve("api2"), secondEnv, "api")) {
            first.awaitHealthy(START);
            second.awaitHealthy(START);
            String token = new E2eClient(first, env.get("DDIFFUSION_ADMIN_KEY")).newKey("studio");
            String body = E2eClient.JSON.writeValueAsString(Map.of("model", "flux-1-pro", "prompt",
                    "a lighthouse at dusk"));
            String key = "order-" + UUID.randomUUID();
            List<DistributionProcess> nodes = List.of(first, second);

            var start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 20; i++) {
                    DistributionProcess node = nodes.get(i % 2);
                    answers.add(threads.submit(() -> {
                        start.await();
                        return create(node, token, key, body);
                    }));
                }
                start.countDown();
            }
            List<HttpResponse<String>> got = new ArrayList<>();
            for (Future<HttpResponse<String>> f : answers) {
                got.add(f.get());
            }

            assertThat(got).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(202));
            List<String> ids = new ArrayList<>();
            for (HttpResponse<String> r : got) {
                ids.add(E2eClient.JSON.readTree(r.body()).get("id").asText());
            }
            assertThat(ids).containsOnly(ids.getFirst());
            assertThat(got).filteredOn(r -> r.headers().firstValue("Idempotent-Replayed").isEmpty()).hasSize(1);
            assertThat(got).filteredOn(r -> r.headers().firstValue("Idempotent-Replayed").equals(Optional.of(
                    "true"))).hasSize(19);
            assertThat(queued(prefix)).as("entries in the cpu queue's stream").isEqualTo(1);

            HttpResponse<String> other = create(second, token, key, body.replace("lighthouse", "harbour"));
            assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
            assertThat(other.body()).contains("\"loc\":[\"header\",\"Idempotency-Key\"]")
                    .contains("idempotency_key_reused");
            HttpResponse<String> later = create(first, token, key, body);
            assertThat(E2eClient.JSON.readTree(later.body()).get("id").asText()).isEqualTo(ids.getFirst());
            assertThat(queued(prefix)).isEqualTo(1);
        } finally {
            DistributionIT.deleteKeys(prefix);
        }
    }

    private HttpResponse<String> create(DistributionProcess node, String token, String key, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/images"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long queued(String prefix) {
        RedisClient client = RedisClient.create(REDIS);
        try (var conn = client.connect()) {
            return conn.sync().xlen(prefix + "queue:cpu");
        } finally {
            client.shutdown();
        }
    }
}
