package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.s3.S3ProxyServer;
import io.ddiffusion.worker.testing.EchoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution with its blobs in an S3-compatible store (s3proxy on loopback) and no directory shared
 * between processes: an API process and a worker process on Redis, and {@code serve} on the embedded broker. A
 * task's input goes up through the API and is read by the worker; its output is fetched through the signed URL the
 * API hands out, in both link modes.
 */
class S3StorageIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String BUCKET = "dd-e2e";

    @TempDir
    static Path serverDir;
    static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(serverDir);
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static Map<String, String> s3Env(String prefix, String links) throws Exception {
        Map<String, String> env = new HashMap<>(s3.environment(BUCKET, prefix));
        env.put("DDIFFUSION_STORAGE_SIGNED_URLS", links);
        env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        return env;
    }

    @Test
    void apiAndWorkerOnRedisShareOnlyTheBucketAndServeOutputsInBothLinkModes() throws Exception {
        String prefix = "run-" + UUID.randomUUID();
        Map<String, String> env = s3Env(prefix, "api");
        env.put("DDIFFUSION_REDIS_URL", RedisDeployment.REDIS);
        String redisPrefix = "ddtest:" + UUID.randomUUID() + ":";
        env.put("DDIFFUSION_REDIS_PREFIX", redisPrefix);
        env.put("DDIFFUSION_ADMIN_KEY", "e2e-admin-key-" + UUID.randomUUID());
        Map<String, String> apiEnv = new HashMap<>(env);
        apiEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        try (DistributionProcess api = DistributionProcess.start(dir.resolve("api"), apiEnv, "api");
                DistributionProcess worker = DistributionProcess.start(dir.resolve("w1"), env, "worker",
                        "--queues", "gpu")) {
            api.awaitHealthy(START);
            worker.awaitOutput("ready", START);
            assertThat(api.output()).contains("storage s3://" + BUCKET + "/" + prefix + "/");
            E2eClient client = new E2eClient(api, env.get("DDIFFUSION_ADMIN_KEY"));
            client.newKey("studio");

            String id = client.submit("images", Map.of("model", "sd-xl", "prompt", "steps=2",
                    "image", Base64.getEncoder().encodeToString(EchoHandler.PNG)));
            JsonNode done = client.awaitFinished("images", id, Duration.ofSeconds(60));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
            String link = done.get("output").get(0).asText();
            assertThat(link).startsWith(api.baseUrl() + "/api/files/");
            assertDownloads(link);

            Path objects = s3.dataDir().resolve(BUCKET).resolve(prefix);
            // why: the worker deletes a task's inputs right after its result is stored and acknowledged, so a client
            // can see SUCCESS a moment before they are gone
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> files(objects).stream().noneMatch(p -> p.startsWith("inputs/")));
            assertThat(files(objects)).as("outputs are objects in the bucket").anyMatch(p -> p.startsWith("images/"))
                    .as("a finished task's inputs are deleted").noneMatch(p -> p.startsWith("inputs/"));
            assertThat(files(dir)).as("no process wrote a blob to its own disk")
                    .noneMatch(p -> p.contains("/storage/images/"));

            Map<String, String> presignedEnv = new HashMap<>(apiEnv);
            presignedEnv.put("DDIFFUSION_STORAGE_SIGNED_URLS", "presigned");
            presignedEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
            try (DistributionProcess presigning = DistributionProcess.start(dir.resolve("api2"), presignedEnv,
                    "api")) {
                presigning.awaitHealthy(START);
                // why: the task belongs to the client's key; another key would get 404
                HttpResponse<String> read = new E2eClient(presigning, env.get("DDIFFUSION_ADMIN_KEY"))
                        .get("/api/images/" + id, client.key());
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                JsonNode again = new com.fasterxml.jackson.databind.ObjectMapper().readTree(read.body());
                String direct = again.get("output").get(0).asText();
                assertThat(URI.create(direct).getAuthority()).as("a presigned link goes to the store")
                        .isEqualTo(s3.endpoint().getAuthority());
                assertThat(direct).contains("X-Amz-Expires=3600");
                assertDownloads(direct);
                assertThat(client.download(link).statusCode()).as("the API's earlier links still work")
                        .isEqualTo(200);
            }
        } finally {
            DistributionIT.deleteKeys(redisPrefix);
        }
    }

    @Test
    void serveOnTheEmbeddedBrokerKeepsBlobsInTheBucketWithPresignedLinks() throws Exception {
        String prefix = "serve-" + UUID.randomUUID();
        Map<String, String> env = s3Env(prefix, "presigned");
        env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
            serve.awaitHealthy(START);
            E2eClient client = new E2eClient(serve, dir);
            String id = client.submit("images", Map.of("model", "sd-xl", "prompt", "steps=2",
                    "image", Base64.getEncoder().encodeToString(EchoHandler.PNG)));
            JsonNode done = client.awaitFinished("images", id, Duration.ofSeconds(60));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
            String direct = done.get("output").get(0).asText();
            assertThat(URI.create(direct).getAuthority()).isEqualTo(s3.endpoint().getAuthority());
            assertDownloads(direct);
            assertThat(files(dir.resolve("data"))).noneMatch(p -> p.contains("storage/images/"));
        }
    }

    @Test
    void aMissingBucketStopsTheStartWithOneLineNamingTheVariable() throws Exception {
        Map<String, String> env = s3Env("x", "api");
        env.put("DDIFFUSION_STORAGE_URL", "s3://no-such-bucket/x");
        env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        DistributionProcess serve = DistributionProcess.start(dir, env, "serve");
        assertThat(serve.waitFor(START)).isNotZero();
        assertThat(serve.output()).contains("error: DDIFFUSION_STORAGE_URL: no bucket 'no-such-bucket'")
                .doesNotContain(S3ProxyServer.SECRET_KEY);
    }

    /** The link serves the whole file with its type, and a byte range as 206. */
    private static void assertDownloads(String link) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(whole.body()).isEqualTo(EchoHandler.PNG);
            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(link))
                    .header("Range", "bytes=1-3").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(EchoHandler.PNG, 1, 4));
        }
    }

    /** Every file under {@code root}, as paths relative to it with '/' separators. */
    private static java.util.List<String> files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return java.util.List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }
}
