package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.ddiffusion.redis.RedisKeys;
import io.ddiffusion.schema.common.Queue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files in {@code deploy/}: the Kubernetes and KEDA manifests pass their JSON schemas
 * ({@code deploy/validate}, kubernetes-models from npm, run with node) and agree with the build: every variable they
 * set is one the build reads, worker pods get their shutdown grace, probes ask the routes that exist, and each worker
 * Deployment is scaled by KEDA on exactly the streams of the queues it serves.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("../deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final NodeProject VALIDATE = new NodeProject(DEPLOY.resolve("validate"), "kubernetes-models");
    /** Set for Redis itself and composed into DDIFFUSION_REDIS_URL by the manifests, not read by the build. */
    private static final Set<String> DEPLOYMENT_ONLY = Set.of("REDIS_PASSWORD");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> objects;

    @TempDir
    Path temp;

    @BeforeAll
    static void read() throws IOException {
        objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                objects.addAll(documents(f));
            }
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode deployment(String name) {
        return ofKind("Deployment").stream().filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static JsonNode container(JsonNode deployment, String name) {
        for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    @Test
    void everyManifestPassesTheKubernetesAndKedaSchemas() throws Exception {
        NodeProject.Result r = VALIDATE.node(Map.of(), TIMEOUT, "validate.mjs",
                KUBERNETES.toAbsolutePath().toString());

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("ok keda.yaml#1 ScaledObject/worker-gpu")
                .contains("ok api.yaml#0 Deployment/api").doesNotContain("FAIL");
    }

    @Test
    void theValidatorRefusesAManifestThatBreaksTheSchema() throws Exception {
        String api = Files.readString(KUBERNETES.resolve("api.yaml")).replace("replicas: 2", "replicas: two");
        Files.writeString(temp.resolve("api.yaml"), api);
        String keda = Files.readString(KUBERNETES.resolve("keda.yaml")).replace("- type: redis-streams",
                "- kind: redis-streams");
        Files.writeString(temp.resolve("keda.yaml"), keda);

        NodeProject.Result r = VALIDATE.node(Map.of(), TIMEOUT, "validate.mjs", temp.toString());

        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("FAIL api.yaml#0 Deployment/api: data/spec/replicas must be integer")
                .contains("FAIL keda.yaml#1 ScaledObject/worker-gpu")
                .contains("data/spec/triggers/0 must have required property type");
    }

    @Test
    void everyVariableTheDeploymentSetsIsOneTheBuildReads() throws IOException {
        Set<String> known = KnownVariables.names();
        Set<String> set = new HashSet<>();
        for (JsonNode o : objects) {
            if (o.path("kind").asText().equals("ConfigMap") || o.path("kind").asText().equals("Secret")) {
                o.path("data").fieldNames().forEachRemaining(set::add);
                o.path("stringData").fieldNames().forEachRemaining(set::add);
            }
            for (JsonNode c : o.at("/spec/template/spec/containers")) {
                c.path("env").forEach(e -> set.add(e.path("name").asText()));
            }
        }
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        compose.path("services").forEach(s -> s.path("environment").fieldNames().forEachRemaining(set::add));
        compose.path("x-ddiffusion").path("environment").fieldNames().forEachRemaining(set::add);
        for (String line : Files.readAllLines(DEPLOY.resolve("env.example"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                set.add(line.substring(0, line.indexOf('=')));
            }
        }
        set.removeAll(DEPLOYMENT_ONLY);
        set.remove("<<");

        assertThat(set).contains("DDIFFUSION_REDIS_URL", "DDIFFUSION_ADMIN_KEY", "DDIFFUSION_STORAGE_ADDRESS")
                .allSatisfy(name -> assertThat(known).as("%s is read by the build", name).contains(name));
    }

    @Test
    void workersGetTheirShutdownGraceAndTheApiItsQuarkusShutdown() {
        int grace = ofKind("ConfigMap").getFirst().at("/data/DDIFFUSION_SHUTDOWN_GRACE_SECONDS").asInt();
        assertThat(grace).isEqualTo(30);
        for (String worker : List.of("worker-cpu", "worker-gpu")) {
            assertThat(deployment(worker).at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
                    .as("%s: SIGTERM, %d s to finish, then the hand-back", worker, grace)
                    .isGreaterThanOrEqualTo(grace + 10);
        }
        // application.properties: quarkus.shutdown.timeout=60s
        assertThat(deployment("api").at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
                .isGreaterThan(60);
    }

    @Test
    void probesAskTheRoutesThatExist() {
        JsonNode api = container(deployment("api"), "api");
        assertThat(api.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(api.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        for (String worker : List.of("worker-cpu", "worker-gpu")) {
            JsonNode c = container(deployment(worker), "worker");
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
            assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("metrics");
        }
        assertThat(ofKind("ConfigMap").getFirst().at("/data/" + MetricsServer.PORT).asText()).isEqualTo("9000");
    }

    @Test
    void everyPodRunsAsNonRoot() {
        for (JsonNode o : objects) {
            JsonNode pod = o.at("/spec/template/spec");
            if (!pod.isMissingNode()) {
                assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(o.at("/metadata/name").asText())
                        .isTrue();
            }
        }
    }

    @Test
    void kedaScalesEachWorkerOnTheStreamsOfTheQueuesItServesFromZero() {
        List<JsonNode> scaled = ofKind("ScaledObject");
        assertThat(scaled).extracting(s -> s.at("/spec/scaleTargetRef/name").asText())
                .containsExactlyInAnyOrder("worker-cpu", "worker-gpu");
        for (JsonNode s : scaled) {
            JsonNode worker = container(deployment(s.at("/spec/scaleTargetRef/name").asText()), "worker");
            List<String> args = new ArrayList<>();
            worker.path("args").forEach(a -> args.add(a.asText()));
            String queues = args.get(args.indexOf("--queues") + 1);
            Set<String> streams = new HashSet<>();
            for (String q : queues.split(",")) {
                streams.add(RedisKeys.production().queue(Queue.fromId(q)));
            }
            List<String> triggered = new ArrayList<>();
            for (JsonNode t : s.at("/spec/triggers")) {
                assertThat(t.path("type").asText()).isEqualTo("redis-streams");
                // why: with a consumer group the scaler counts pending entries only, and 0 workers have none
                assertThat(t.path("metadata").has("consumerGroup")).isFalse();
                assertThat(t.at("/metadata/streamLength").asInt()).isPositive();
                triggered.add(t.at("/metadata/stream").asText());
            }
            assertThat(triggered).containsExactlyInAnyOrderElementsOf(streams);
            assertThat(s.at("/spec/minReplicaCount").asInt()).isZero();
        }
    }

    @Test
    void composeRunsRedisWithAofAndEveryWorkerWithItsGrace() throws IOException {
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        List<String> redis = new ArrayList<>();
        compose.at("/services/redis/command").forEach(a -> redis.add(a.asText()));
        assertThat(String.join(" ", redis)).contains("--appendonly yes").contains("--appendfsync everysec");
        for (String worker : List.of("worker-cpu", "worker-gpu", "worker-comfy")) {
            assertThat(compose.at("/services/" + worker + "/stop_grace_period").asText()).isEqualTo("45s");
        }
        assertThat(compose.at("/services/worker-comfy/environment/COMFY_API_URL").asText())
                .isEqualTo("http://comfyui:8188");
        assertThat(Files.readString(DEPLOY.resolve("comfyui/Dockerfile")))
                .contains("ARG COMFYUI_TAG=v0.9.2").contains("ARG COMFYUI_COMMIT=8f40b43e").contains("USER comfy")
                .contains("HEALTHCHECK").contains("--disable-smart-memory");
    }

    @Test
    void theImagesTheDeploymentNamesAreTheOnesTheBuildMakes() throws IOException {
        String pom = Files.readString(Path.of("../images/pom.xml"));
        var tag = java.util.regex.Pattern.compile("<image.tag>([^<]+)</image.tag>").matcher(pom);
        assertThat(tag.find()).isTrue();
        String t = tag.group(1);
        Set<String> built = Set.of("deferred-diffusion/api:" + t, "deferred-diffusion/worker:" + t,
                "deferred-diffusion/worker-gpu:" + t, "deferred-diffusion/comfyui:0.9.2");
        assertThat(pom).contains("<image>deferred-diffusion/api:${image.tag}</image>")
                .contains("<image>deferred-diffusion/worker:${image.tag}</image>")
                .contains("<image>deferred-diffusion/worker-gpu:${image.tag}</image>");
        Set<String> named = new HashSet<>();
        for (JsonNode o : objects) {
            for (JsonNode c : o.at("/spec/template/spec/containers")) {
                named.add(c.path("image").asText());
            }
        }
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        compose.path("services").forEach(s -> named.add(s.path("image").asText()));
        named.removeIf(image -> image.startsWith("redis:"));

        assertThat(named).containsExactlyInAnyOrderElementsOf(built);
    }
}
