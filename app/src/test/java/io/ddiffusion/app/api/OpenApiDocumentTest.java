package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.videos.VideoModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The published OpenAPI document: what generated clients are built from, so it must match the original's names. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
    static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("get /", "root__get");
        OPERATIONS.put("get /health", "health_health_get");
        OPERATIONS.put("get /health/ready", "health_ready");
        for (String d : List.of("images", "texts", "videos", "workflows")) {
            OPERATIONS.put("post /api/" + d, d + "_create");
            OPERATIONS.put("get /api/" + d + "/{id}", d + "_get");
            OPERATIONS.put("delete /api/" + d + "/{id}", d + "_delete");
            if (!d.equals("workflows")) {
                OPERATIONS.put("get /api/" + d + "/models", d + "_list_models");
            }
        }
        OPERATIONS.put("get /api/files/{file_id}", "files_get");
        OPERATIONS.put("post /api/admin/keys", "keys_create");
        OPERATIONS.put("get /api/admin/keys", "keys_list");
        OPERATIONS.put("delete /api/admin/keys/{key_id}", "keys_delete");
    }

    /** The committed copy every client is generated from; {@code -Dopenapi.update=true} rewrites it. */
    static final Path COMMITTED = Path.of("..", "clients", "openapi.json");

    Map<String, Object> doc;

    @Test
    void theCommittedSpecIsWhatTheServerServes() throws Exception {
        String served = given().get("/openapi.json").then().statusCode(200).extract().asString();
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree(served);
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, json.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
        }
        assertThat(json.readTree(Files.readString(COMMITTED)))
                .as("clients/openapi.json differs from the served document: regenerate it and the Python client "
                        + "(README, Clients)").isEqualTo(tree);
    }

    @BeforeEach
    void fetch() {
        if (doc == null) {
            doc = given().get("/openapi.json").then().statusCode(200).extract().jsonPath().getMap("$");
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            assertThat(n).as("parent of %s in %s", p, String.join(" > ", path)).isInstanceOf(Map.class);
            n = ((Map<String, Object>) n).get(p);
        }
        return (T) n;
    }

    static Map<String, Object> obj(Object node, String... path) {
        return at(node, path);
    }

    static List<String> list(Object node, String... path) {
        return at(node, path);
    }

    Map<String, Object> operation(String methodAndPath) {
        String[] mp = methodAndPath.split(" ", 2);
        Map<String, Object> op = at(doc, "paths", mp[1], mp[0]);
        assertThat(op).as(methodAndPath).isNotNull();
        return op;
    }

    Map<String, Object> schema(String name) {
        return at(doc, "components", "schemas", name);
    }

    @Test
    void theTitleNamesTheProductForSwaggerUiAndGenerators() {
        assertThat(at(doc, "info", "title").toString()).isEqualTo("deferred-diffusion");
        assertThat(at(doc, "info", "version").toString()).isEqualTo("0.1.0");
    }

    @Test
    void everyRouteHasTheOriginalsOperationId() {
        OPERATIONS.forEach((route, id) -> assertThat(operation(route).get("operationId")).as(route).isEqualTo(id));
    }

    @Test
    void createRoutesAnswer202WithTheTaskIdAndStatus() {
        for (String d : List.of("images", "texts", "videos", "workflows")) {
            Map<String, Object> responses = at(operation("post /api/" + d), "responses");
            assertThat(responses).as(d).containsKeys("202", "401", "403", "413", "422", "429")
                    .doesNotContainKey("200");
            String ref = at(responses, "202", "content", "application/json", "schema", "$ref");
            assertThat(ref).endsWith("CreateResponse");
            assertThat(obj(schema(ref.substring(ref.lastIndexOf('/') + 1)), "properties"))
                    .containsKeys("id", "status");
        }
    }

    @Test
    void everyApiRouteDeclaresItsValidationErrorShape() {
        OPERATIONS.keySet().stream().filter(r -> r.contains("/api/")).forEach(route -> {
            Map<String, Object> r422 = at(operation(route), "responses", "422");
            assertThat(r422).as(route).isNotNull();
            assertThat(at(r422, "content", "application/json", "schema", "properties", "detail", "type")
                    .toString()).isEqualTo("array");
        });
        assertThat(obj(schema("ValidationProblem"), "properties"))
                .containsOnlyKeys("loc", "msg", "type");
    }

    @Test
    void theApiKeyHeaderSchemeProtectsEveryKeyedRouteButNotFilesHealthOrRoot() {
        Map<String, Object> scheme = at(doc, "components", "securitySchemes", "APIKeyHeader");
        assertThat(scheme).containsEntry("type", "apiKey").containsEntry("in", "header")
                .containsEntry("name", "Authorization");

        OPERATIONS.forEach((route, id) -> {
            List<Map<String, Object>> security = at(operation(route), "security");
            if (route.contains("/api/files/") || !route.contains("/api/")) {
                assertThat(security == null || security.isEmpty()).as(route).isTrue();
            } else {
                assertThat(security).as(route).containsExactly(Map.of("APIKeyHeader", List.of()));
                assertThat(obj(operation(route), "responses")).containsKeys("401", "403");
            }
        });
    }

    @Test
    void readinessDeclaresItsReadyAndUnavailableAnswers() {
        Map<String, Object> responses = obj(operation("get /health/ready"), "responses");
        assertThat(responses).containsKeys("200", "503");
        assertThat(obj(responses, "503", "headers")).containsKey("Retry-After");
        assertThat(obj(responses, "200", "content", "application/json", "schema")).isNotEmpty();
        assertThat(obj(responses, "503", "content", "application/json", "schema")).isNotEmpty();
    }

    @Test
    void modelNamesAndTaskStatusesAreEnums() {
        assertThat(at(schema("ImageModel"), "enum").toString()).isEqualTo(Arrays.toString(Arrays.stream(
                ImageModel.values()).map(ImageModel::id).toArray()));
        assertThat(at(schema("VideoModel"), "enum").toString()).isEqualTo(Arrays.toString(Arrays.stream(
                VideoModel.values()).map(VideoModel::id).toArray()));
        assertThat(at(schema("TextModel"), "enum").toString()).isEqualTo(Arrays.toString(Arrays.stream(
                TextModel.values()).map(TextModel::id).toArray()));
        assertThat(list(schema("TaskStatus"), "enum")).containsExactly("PENDING", "RECEIVED", "STARTED",
                "SUCCESS", "FAILURE", "RETRY", "REVOKED", "REJECTED", "IGNORED");
        assertThat(list(schema("SystemPrompt"), "enum")).containsExactly("NONE", "BASE",
                "IMAGE_OPTIMIZER", "VIDEO_OPTIMIZER", "VIDEO_TRANSITION");
        assertThat(at(schema("ImageRequest"), "properties", "model", "$ref").toString())
                .endsWith("/ImageModel");
        assertThat(list(schema("ImageRequest"), "required")).containsExactly("model");
    }

    @Test
    void theImageRequestCarriesItsDefaultsAndBounds() {
        Map<String, Object> p = at(schema("ImageRequest"), "properties");
        assertThat(obj(p, "height")).containsEntry("default", 720).containsEntry("minimum", 64)
                .containsEntry("maximum", 4096);
        assertThat(obj(p, "width")).containsEntry("default", 1280).containsEntry("minimum", 64)
                .containsEntry("maximum", 4096);
        assertThat(obj(p, "seed")).containsEntry("default", 42).containsEntry("minimum", 0);
        assertThat(at(p, "seed", "maximum").toString()).isEqualTo("4294967295");
        assertThat(obj(p, "strength")).containsEntry("default", 0.5f);
        assertThat(((Number) at(p, "strength", "minimum")).doubleValue()).isEqualTo(0.0);
        assertThat(((Number) at(p, "strength", "maximum")).doubleValue()).isEqualTo(1.0);
        assertThat(obj(p, "prompt")).containsEntry("maxLength", 10000)
                .containsEntry("default", "Detailed, 8k, photorealistic");
        assertThat(obj(p, "references")).containsEntry("maxItems", 10);
    }

    @Test
    void theVideoRequestCarriesItsDefaultsAndBounds() {
        Map<String, Object> p = at(schema("VideoRequest"), "properties");
        assertThat(obj(p, "num_frames")).containsEntry("default", 48)
                .containsEntry("minimum", 24).containsEntry("maximum", 250);
        assertThat(obj(p, "prompt")).containsEntry("maxLength", 10000)
                .containsEntry("default", "Slow camera zoom in, 4k, high quality, cinematic, realistic");
        assertThat(obj(p, "height")).containsEntry("default", 480).containsEntry("minimum", 64)
                .containsEntry("maximum", 4096);
        assertThat(obj(p, "width")).containsEntry("default", 854);
        assertThat(obj(p, "seed")).containsEntry("default", 42);
        assertThat(obj(p, "generate_audio")).containsEntry("default", false);
        assertThat(p).containsKeys("image", "last_image", "video");
    }

    @Test
    void theTextRequestCarriesItsDefaultsAndBounds() {
        Map<String, Object> p = at(schema("TextRequest"), "properties");
        assertThat(obj(p, "model")).containsEntry("default", "qwen-2");
        assertThat(obj(p, "system_prompt")).containsEntry("default", "BASE");
        assertThat(obj(p, "prompt")).containsEntry("maxLength", 10000);
        assertThat(obj(p, "images")).containsEntry("maxItems", 10);
        assertThat(obj(p, "videos")).containsEntry("maxItems", 2);
    }

    @Test
    void createDescriptionsHoldTheModelTables() {
        String images = at(operation("post /api/images"), "description");
        assertThat(images).startsWith("| Model | Provider | External | Queue | T2I | I2I | Inpaint | Refs | Description |")
                .contains("| sd-xl | local | no | gpu | ✓ | ✓ | ✓ | ✗ | ")
                .contains("| real-esrgan-x4 | local | no | gpu | ✗ | ✓ | ✗ | ✗ | ")
                .contains("| gpt-image-1 | openai | yes | cpu | ✓ | ✓ | ✓ | ✓ | ");
        Arrays.stream(ImageModel.values()).forEach(m -> assertThat(images).contains("| " + m.id() + " | "));

        String videos = at(operation("post /api/videos"), "description");
        assertThat(videos).contains("| T2V | I2V | V2V | Last image | Audio |")
                .contains("| sora-2 | openai | yes | cpu | ✓ | ✓ | ✗ | ✗ | ✓ | ");
        Arrays.stream(VideoModel.values()).forEach(m -> assertThat(videos).contains("| " + m.id() + " | "));

        String texts = at(operation("post /api/texts"), "description");
        assertThat(texts).contains("| qwen-2 | local | no | gpu | ✓ | ").contains("| gpt-5 | openai | yes | cpu | ✗ | ");
    }

    @Test
    void theModelsRoutesHaveTheOriginalsSummaries() {
        assertThat(at(operation("get /api/images/models"), "summary").toString()).isEqualTo("List image models");
        assertThat(at(operation("get /api/texts/models"), "summary").toString()).isEqualTo("List text models");
        assertThat(at(operation("get /api/videos/models"), "summary").toString()).isEqualTo("List video models");
    }

    @Test
    void theFileRouteRequiresExpiresAndSigInTheQuery() {
        List<Map<String, Object>> params = at(operation("get /api/files/{file_id}"), "parameters");
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        params.forEach(p -> byName.put((String) p.get("name"), p));

        assertThat(byName.get("expires")).containsEntry("in", "query").containsEntry("required", true);
        assertThat(at(byName.get("expires"), "schema", "type").toString()).isEqualTo("integer");
        assertThat(byName.get("sig")).containsEntry("in", "query").containsEntry("required", true);
        assertThat(obj(operation("get /api/files/{file_id}"), "responses"))
                .containsKeys("200", "403", "404", "416", "422");
    }

    @Test
    void theFileDownloadIsDeclaredAsBinaryWithTheOriginalsParameterName() {
        Map<String, Object> op = operation("get /api/files/{file_id}");
        List<Map<String, Object>> params = at(op, "parameters");
        assertThat(params).extracting(p -> p.get("name")).contains("file_id", "expires", "sig");
        Map<String, Object> content = obj(op, "responses", "200", "content");
        Map<String, Object> schema = obj(content.values().iterator().next(), "schema");
        assertThat(schema).containsEntry("format", "binary");
    }
}
