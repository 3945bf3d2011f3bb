package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.worker.testing.EchoHandler;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real, packaged distribution as separate processes and drives it over HTTP only: the embedded default,
 * and an API process with worker processes on Redis, one of them killed with SIGKILL mid-task.
 */
class DistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private static final String REDIS = System.getProperty("ddiffusion.test.redis", "redis://127.0.0.1:6379/0");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static String pluginPath() throws Exception {
        return Path.of(EchoHandlerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    private Map<String, String> embeddedEnv(int port) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(port));
        env.put("DDIFFUSION_HANDLER_PLUGINS", pluginPath());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        return env;
    }

    @Test
    void embeddedDefaultRunsTasksEndToEndAndKeepsKeysAcrossRestarts() throws Exception {
        int port = DistributionProcess.freePort();
        String apiKey;
        try (DistributionProcess serve = DistributionProcess.start(dir, embeddedEnv(port), "serve")) {
            serve.awaitHealthy(START);
            String admin = Files.readString(dir.resolve("data/admin.key")).strip();
            assertThat(serve.output()).contains("Generated an admin key").contains(admin)
                    .as("the runtime is built once").doesNotContain("Admin key: stored in");
            assertThat(admin).hasSizeGreaterThanOrEqualTo(32);

            apiKey = createKey(serve, admin, "studio");
            JsonNode done = submitAndWait(serve, apiKey, "/api/images", Map.of("model", "sd-xl", "prompt",
                    "steps=3;sleep=300;log=hello", "image", Base64.getEncoder().encodeToString(EchoHandler.PNG)));
            assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(done.get("logs").toString()).contains("hello");
            String url = done.get("output").get(0).asText();
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(file.body()).isEqualTo(EchoHandler.PNG);

            String cliKey = runCli(dir, embeddedEnv(port), "keys", "create", "from-cli").strip();
            assertThat(get(serve, cliKey, "/api/images/models").statusCode()).isEqualTo(200);
        }
        try (DistributionProcess again = DistributionProcess.start(dir, embeddedEnv(port), "serve")) {
            again.awaitHealthy(START);
            assertThat(again.output()).doesNotContain("Generated an admin key").contains("Admin key: stored in");
            assertThat(get(again, apiKey, "/api/images/models").statusCode()).as("key survived the restart")
                    .isEqualTo(200);
        }
    }

    @Test
    void apiAndWorkerProcessesOnRedisSurviveAKilledWorker() throws Exception {
        String prefix = "ddtest:" + UUID.randomUUID() + ":";
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_REDIS_URL", REDIS);
        env.put("DDIFFUSION_REDIS_PREFIX", prefix);
        env.put("DDIFFUSION_ADMIN_KEY", "e2e-admin-key-" + UUID.randomUUID());
        env.put("DDIFFUSION_HANDLER_PLUGINS", pluginPath());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        env.put("DDIFFUSION_STORAGE_DIRECTORY", dir.resolve("shared-storage").toString());
        Map<String, String> apiEnv = new HashMap<>(env);
        apiEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        try (DistributionProcess api = DistributionProcess.start(dir.resolve("api"), apiEnv, "api");
                DistributionProcess first = DistributionProcess.start(dir.resolve("w1"), env, "worker", "--queues",
                        "gpu")) {
            api.awaitHealthy(START);
            first.awaitOutput("ready", START);
            String key = createKey(api, env.get("DDIFFUSION_ADMIN_KEY"), "studio");

            String id = submit(api, key, "/api/images", Map.of("model", "sd-xl", "prompt", "steps=40;sleep=4000"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(status(api, key, id)));
            String firstWorker = task(api, key, id).get("task_info").get("worker").asText();

            first.kill();
            try (DistributionProcess second = DistributionProcess.start(dir.resolve("w2"), env, "worker",
                    "--queues", "gpu")) {
                second.awaitOutput("ready", START);
                await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCESS".equals(status(api, key, id)));
                JsonNode done = task(api, key, id);
                assertThat(done.get("task_info").get("worker").asText()).isNotEqualTo(firstWorker);
                assertThat(done.get("task_info").get("retries").asInt()).isEqualTo(1);
                assertThat(done.get("logs").toString()).contains("Worker " + firstWorker + " stopped");

                HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(done.get("output").get(0)
                        .asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.body()).isEqualTo(EchoHandler.PNG);
            }
        } finally {
            deleteKeys(prefix);
        }
    }

    @Test
    void distributedModeRefusesToStartWithoutAStrongAdminKey() throws Exception {
        Map<String, String> env = Map.of("DDIFFUSION_REDIS_URL", REDIS, "DDIFFUSION_PORT",
                String.valueOf(DistributionProcess.freePort()));
        DistributionProcess api = DistributionProcess.start(dir, env, "api");
        assertThat(api.waitFor(START)).isNotZero();
        assertThat(api.output()).contains("DDIFFUSION_ADMIN_KEY is not set").contains("openssl rand -base64 32");

        Map<String, String> weak = new HashMap<>(env);
        weak.put("DDIFFUSION_ADMIN_KEY", "too-short");
        DistributionProcess serve = DistributionProcess.start(dir, weak, "serve");
        assertThat(serve.waitFor(START)).isNotZero();
        assertThat(serve.output()).contains("at least 32");
    }

    @Test
    void aSeparateWorkerNeedsTheBroker() throws Exception {
        DistributionProcess worker = DistributionProcess.start(dir, Map.of(), "worker");
        assertThat(worker.waitFor(START)).isNotZero();
        assertThat(worker.output()).contains("DDIFFUSION_REDIS_URL");
    }

    private String runCli(Path workDir, Map<String, String> env, String... args) throws Exception {
        DistributionProcess p = DistributionProcess.start(workDir, env, args);
        assertThat(p.waitFor(START)).isZero();
        String out = p.output();
        return out.lines().filter(l -> l.startsWith("dd_")).findFirst().orElseThrow(() ->
                new AssertionError("no key printed:\n" + out));
    }

    private String createKey(DistributionProcess p, String admin, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(p.baseUrl() + "/api/admin/keys?name="
                + name)).header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("api_key").asText();
    }

    private String submit(DistributionProcess p, String key, String path, Map<String, String> body)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(p.baseUrl() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private JsonNode submitAndWait(DistributionProcess p, String key, String path, Map<String, String> body)
            throws Exception {
        String id = submit(p, key, path, body);
        await().atMost(Duration.ofSeconds(30)).until(() -> !status(p, key, id).matches("PENDING|RECEIVED|STARTED"));
        return task(p, key, id);
    }

    private String status(DistributionProcess p, String key, String id) throws Exception {
        return task(p, key, id).get("status").asText();
    }

    private JsonNode task(DistributionProcess p, String key, String id) throws Exception {
        HttpResponse<String> r = get(p, key, "/api/images/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(DistributionProcess p, String key, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(p.baseUrl() + path)).header("Authorization", "Bearer "
                + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(REDIS);
        try (var conn = client.connect()) {
            var cmd = conn.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = cmd.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    cmd.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
