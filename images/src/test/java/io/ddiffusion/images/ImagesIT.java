package io.ddiffusion.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.worker.testing.EchoHandler;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images {@code ./mvnw -Pimages package} built, inspected as files (no Docker engine here): entry point, user,
 * ports, labels and layers; and the Java runtime, entry point and distribution of each image run on this machine (the
 * base is the same Debian release), as the entry point starts them in a container.
 */
class ImagesIT {
    private static final Path IMAGES = Path.of(System.getProperty("images.dir", "target/images"));
    private static final String TAG = System.getProperty("images.tag", "0.1.0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void theApiImageRunsTheApiAsANonRootUserWithItsPorts() throws IOException {
        OciImage api = OciImage.read(IMAGES.resolve("api.tar"));

        assertThat(api.reference).isEqualTo("deferred-diffusion/api:" + TAG);
        JsonNode c = api.config.path("config");
        assertThat(strings(c.path("Entrypoint"))).containsExactly("/app/entrypoint.sh", "api");
        assertThat(c.path("User").asText()).isEqualTo("10001:10001");
        assertThat(names(c.path("ExposedPorts"))).containsExactlyInAnyOrder("5000/tcp", "9000/tcp");
        assertThat(c.at("/Labels/org.opencontainers.image.title").asText()).isEqualTo("deferred-diffusion API");
        assertThat(c.at("/Labels/org.opencontainers.image.version").asText()).isEqualTo(TAG);
        assertThat(strings(c.path("Env"))).contains("JAVA_HOME=/opt/java", "DDIFFUSION_HOME=/app");
        assertThat(api.config.path("os").asText()).isEqualTo("linux");
        assertThat(api.config.path("architecture").asText()).isEqualTo("amd64");
    }

    @Test
    void theWorkerImageRunsAWorkerWhoseQueuesComeFromItsArguments() throws IOException {
        OciImage worker = OciImage.read(IMAGES.resolve("worker.tar"));

        assertThat(worker.reference).isEqualTo("deferred-diffusion/worker:" + TAG);
        JsonNode c = worker.config.path("config");
        assertThat(strings(c.path("Entrypoint"))).containsExactly("/app/entrypoint.sh", "worker");
        assertThat(c.path("Cmd").isMissingNode() || c.path("Cmd").isEmpty()).isTrue();
        assertThat(c.path("User").asText()).isEqualTo("10001:10001");
        assertThat(names(c.path("ExposedPorts"))).containsExactly("9000/tcp");
    }

    @Test
    void layersGoFromTheBaseToTheJvmToTheLibrariesToOurCodeWhichIsSmall() throws IOException {
        OciImage api = OciImage.read(IMAGES.resolve("api.tar"));

        OciImage.Layer base = api.layers.getFirst();
        assertThat(base.createdBy()).contains("debootstrap");
        OciImage.Layer jvm = api.layerWith("/opt/java/bin/java");
        OciImage.Layer libraries = api.layerWith("/app/lib/main");
        assertThat(jvm.paths()).contains("/opt/java/bin/java").allMatch(p -> p.startsWith("/opt"));
        assertThat(jvm).isNotSameAs(libraries).isNotSameAs(base);
        assertThat(libraries.paths()).allMatch(p -> p.startsWith("/app/lib") || "/app".equals(p));
        assertThat(libraries.paths()).anyMatch(p -> p.matches("/app/lib/main/io\\.quarkus\\.quarkus-core-.*\\.jar"));
        List<String> ours = new ArrayList<>();
        long oursSize = 0;
        for (OciImage.Layer l : api.layers) {
            if (l != base && l != jvm && l != libraries) {
                ours.addAll(l.paths());
                oursSize += l.size();
            }
        }
        assertThat(ours).contains("/app/quarkus-run.jar", "/app/entrypoint.sh", "/app/java-opts.sh")
                .noneMatch(p -> p.startsWith("/app/lib/"));
        assertThat(oursSize).as("our code's layers, against the libraries' %d bytes", libraries.size())
                .isLessThan(libraries.size() / 10);
        // the same base, runtime and libraries in both images: a node that pulls both stores them once
        OciImage worker = OciImage.read(IMAGES.resolve("worker.tar"));
        assertThat(worker.layers.getFirst().digest()).isEqualTo(base.digest());
        assertThat(worker.layerWith("/opt/java/bin/java").digest()).isEqualTo(jvm.digest());
        assertThat(worker.layerWith("/app/lib/main").digest()).isEqualTo(libraries.digest());
    }

    @Test
    void theBaseHasTheImageUserAndWhatHealthChecksAndOnnxRuntimeNeed() throws IOException {
        OciImage api = OciImage.read(IMAGES.resolve("api.tar"));

        String passwd = new String(api.file("/etc/passwd"), StandardCharsets.UTF_8);
        assertThat(passwd).containsPattern("(?m)^ddiffusion:x:10001:10001::/home/ddiffusion:/usr/sbin/nologin$");
        List<String> base = api.layers.getFirst().paths();
        assertThat(base).contains("/usr/bin/curl", "/etc/ssl/certs/ca-certificates.crt", "/home/ddiffusion")
                .anyMatch(p -> p.matches("/usr/lib/x86_64-linux-gnu/libstdc\\+\\+\\.so\\.6.*"))
                .anyMatch(p -> p.matches("/usr/lib/x86_64-linux-gnu/libgomp\\.so\\.1.*"))
                .noneMatch(p -> p.startsWith("/usr/share/doc/") || p.startsWith("/var/lib/apt/lists/"));
    }

    /** The API image's runtime and entry point run the API, which runs a task and serves its file. */
    @Test
    void theApiImagesEntryPointServesTasksOnItsOwnJavaRuntime() throws Exception {
        Path root = dir.resolve("api");
        OciImage.read(IMAGES.resolve("api.tar")).extractAboveBase(root);
        int port = freePort();
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("DDIFFUSION_PORT", String.valueOf(port), "DDIFFUSION_METRICS_PORT", "0",
                "DDIFFUSION_DATA_DIR", data.toString(), "DDIFFUSION_HANDLER_PLUGINS", echoPlugin());
        // serve: the API and its workers in one process, so a task runs without Redis
        Process p = entryPoint(root, env, "serve");
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(http, base, p);
            String admin = Files.readString(data.resolve("admin.key")).strip();
            JsonNode key = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base
                    + "/api/admin/keys?name=image-smoke")).header("Authorization", "Bearer " + admin)
                    .POST(HttpRequest.BodyPublishers.noBody())).body());
            String token = key.path("api_key").asText();
            String id = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/api/images"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sd-xl\",\"prompt\":\"steps=2\"}"))).body())
                    .path("id").asText();
            JsonNode task = null;
            long end = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < end) {
                task = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/api/images/" + id))
                        .header("Authorization", "Bearer " + token)).body());
                if (task.path("status").asText().equals("SUCCESS")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(task.path("status").asText()).as("task %s", task).isEqualTo("SUCCESS");
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(task.path("output").get(0)
                    .asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(EchoHandler.PNG);
        } finally {
            stop(p);
        }
    }

    /** The worker image's entry point starts a worker on Redis with the queues its arguments name. */
    @Test
    void theWorkerImagesEntryPointStartsAWorkerOnTheQueuesItIsGiven() throws Exception {
        Path root = dir.resolve("worker");
        OciImage.read(IMAGES.resolve("worker.tar")).extractAboveBase(root);
        String prefix = "ddtest:images:" + UUID.randomUUID() + ":";
        Map<String, String> env = Map.of("DDIFFUSION_REDIS_URL", System.getProperty("ddiffusion.test.redis",
                "redis://127.0.0.1:6379/0"), "DDIFFUSION_REDIS_PREFIX", prefix, "DDIFFUSION_ADMIN_KEY",
                "images-it-admin-key-" + UUID.randomUUID(), "DDIFFUSION_METRICS_PORT", "0");
        Path log = dir.resolve("worker.log");
        Process p = entryPoint(root, env, log, "worker", "--queues", "cpu");
        try {
            long end = System.nanoTime() + START.toNanos();
            String out = "";
            while (System.nanoTime() < end && p.isAlive()) {
                out = Files.readString(log);
                if (out.contains("ready")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(out).as("worker output").contains("ready").contains("cpu");
            assertThat(out).contains("Metrics at http://");
        } finally {
            stop(p);
        }
    }

    private Process entryPoint(Path root, Map<String, String> env, String... args) throws IOException {
        return entryPoint(root, env, dir.resolve("out-" + UUID.randomUUID() + ".log"), args);
    }

    private static Process entryPoint(Path root, Map<String, String> env, Path log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", root.resolve("app/entrypoint.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // what the image's config sets, pointed at the extracted layers
        pb.environment().put("JAVA_HOME", root.resolve("opt/java").toString());
        pb.environment().put("DDIFFUSION_HOME", root.resolve("app").toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitHealthy(HttpClient http, String base, Process p) throws Exception {
        long end = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < end) {
            assertThat(p.isAlive()).as("the process is running").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not healthy after " + START);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    private static String echoPlugin() throws Exception {
        return Path.of(EchoHandlerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
