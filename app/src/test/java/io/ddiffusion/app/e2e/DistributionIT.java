package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.queue.BrokerHealth.Durability;
import io.ddiffusion.redis.RedisConnections;
import io.ddiffusion.redis.RedisPersistence;
import io.ddiffusion.worker.testing.EchoHandler;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
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
    private static final Duration START = Duration.ofSeconds(60);
    private static final String REDIS = System.getProperty("ddiffusion.test.redis", "redis://127.0.0.1:6379/0");

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

            E2eClient client = new E2eClient(serve, admin);
            apiKey = client.newKey("studio");
            String id = client.submit("images", Map.of("model", "sd-xl", "prompt", "steps=3;sleep=300;log=hello",
                    "image", Base64.getEncoder().encodeToString(EchoHandler.PNG)));
            JsonNode done = client.awaitFinished("images", id, Duration.ofSeconds(30));
            assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(done.get("logs").toString()).contains("hello");
            HttpResponse<byte[]> file = client.download(done.get("output").get(0).asText());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(file.body()).isEqualTo(EchoHandler.PNG);

            String cliKey = runCli(dir, embeddedEnv(port), "keys", "create", "from-cli").strip();
            assertThat(client.get("/api/images/models", cliKey).statusCode()).isEqualTo(200);
            assertThat(serve.output()).as("startup completed (the metrics port included)").contains("started in");
            // why: a startup listener that failed once left a process that answered but never stopped on SIGTERM
            assertThat(serve.stopsWithin(Duration.ofSeconds(20))).as("serve stops on SIGTERM").isTrue();
        }
        try (DistributionProcess again = DistributionProcess.start(dir, embeddedEnv(port), "serve")) {
            again.awaitHealthy(START);
            assertThat(again.output()).doesNotContain("Generated an admin key").contains("Admin key: stored in");
            assertThat(new E2eClient(again, dir).get("/api/images/models", apiKey).statusCode())
                    .as("key survived the restart").isEqualTo(200);
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
            assertPersistenceWarnedAtStart(api, first);
            E2eClient client = new E2eClient(api, env.get("DDIFFUSION_ADMIN_KEY"));
            client.newKey("studio");

            String id = client.submit("images", Map.of("model", "sd-xl", "prompt", "steps=40;sleep=4000"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(client.status("images", id)));
            String firstWorker = client.task("images", id).get("task_info").get("worker").asText();

            first.kill();
            try (DistributionProcess second = DistributionProcess.start(dir.resolve("w2"), env, "worker",
                    "--queues", "gpu")) {
                second.awaitOutput("ready", START);
                await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCESS".equals(client.status("images", id)));
                JsonNode done = client.task("images", id);
                assertThat(done.get("task_info").get("worker").asText()).isNotEqualTo(firstWorker);
                assertThat(done.get("task_info").get("retries").asInt()).isEqualTo(1);
                assertThat(done.get("logs").toString()).contains("Worker " + firstWorker + " stopped");

                HttpResponse<byte[]> file = client.download(done.get("output").get(0).asText());
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

    /**
     * API and worker processes check at start whether Redis persists data; the machine's Redis runs without (see
     * .ci/run), so each logs the WARN naming the loss and the fix, and with AOF none would.
     */
    private static void assertPersistenceWarnedAtStart(DistributionProcess... processes) throws Exception {
        Durability shared;
        try (RedisConnections redis = new RedisConnections(REDIS)) {
            shared = RedisPersistence.check(redis.sync());
        }
        for (DistributionProcess p : processes) {
            String out = p.output();
            if (shared.warnings().isEmpty()) {
                assertThat(out).doesNotContain("WARN  [i.d.r.RedisBrokerHealth]");
            }
            for (String warning : shared.warnings()) {
                assertThat(out).contains("WARN  [i.d.r.RedisBrokerHealth] " + warning);
            }
        }
    }

    private String runCli(Path workDir, Map<String, String> env, String... args) throws Exception {
        DistributionProcess p = DistributionProcess.start(workDir, env, args);
        assertThat(p.waitFor(START)).isZero();
        String out = p.output();
        return out.lines().filter(l -> l.startsWith("dd_")).findFirst().orElseThrow(() ->
                new AssertionError("no key printed:\n" + out));
    }

    static void deleteKeys(String prefix) {
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
