package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task routes as MCP tools at {@code /mcp}: the same records, checks, keys and ownership as the REST API, driven
 * over JSON-RPC on streamable HTTP like an MCP client does.
 */
@QuarkusTest
class McpToolsTest {
    static final List<String> TOOLS = List.of("images_create", "images_get", "images_delete", "images_list_models",
            "texts_create", "texts_get", "texts_delete", "texts_list_models",
            "videos_create", "videos_get", "videos_delete", "videos_list_models",
            "workflows_create", "workflows_get", "workflows_delete");

    String token;
    String session;
    final List<String[]> created = new ArrayList<>();

    @BeforeEach
    void connect() {
        token = Api.newToken("mcp");
        session = Mcp.initialize(token);
    }

    @AfterEach
    void cancelCreated() {
        created.forEach(c -> Api.cancelQuietly(c[0], c[1], c[2]));
    }

    String create(String tool, Map<String, Object> arguments) {
        JsonPath answer = Mcp.ok(token, session, tool, arguments);
        assertThat(answer.getString("status")).isEqualTo("PENDING");
        String id = answer.getString("id");
        assertThat(UUID.fromString(id)).isNotNull();
        created.add(new String[] {token, tool.substring(0, tool.indexOf('_')), id});
        return id;
    }

    @Test
    void initializeNamesTheServerAndOffersTools() {
        JsonPath answer = Mcp.rpc(token, null, "initialize", Mcp.initializeParams());

        assertThat(answer.getString("result.serverInfo.name")).isEqualTo("deferred-diffusion");
        assertThat(answer.getString("result.protocolVersion")).isEqualTo(Mcp.PROTOCOL);
        assertThat(answer.getMap("result.capabilities.tools")).isNotNull();
        assertThat(answer.getString("result.instructions")).contains("*_create", "*_get");
    }

    @Test
    void theToolsAreTheTaskOperationsNamedByTheirOperationIdsAndNoAdminOnes() {
        JsonPath list = Mcp.rpc(token, session, "tools/list", Map.of());

        assertThat(list.getList("result.tools.name", String.class)).containsExactlyInAnyOrderElementsOf(TOOLS);
    }

    @Test
    void aCreateToolTakesTheRequestRecordsFieldsAsItsArguments() {
        JsonPath list = Mcp.rpc(token, session, "tools/list", Map.of());
        list.setRootPath("result.tools.find { it.name == 'images_create' }.inputSchema");

        assertThat(list.getString("type")).isEqualTo("object");
        assertThat(list.getList("required", String.class)).containsExactly("model");
        assertThat(list.getList("properties.model.enum", String.class)).contains("flux-1", "sd-xl", "gpt-image-1");
        assertThat(list.getInt("properties.prompt.maxLength")).isEqualTo(10_000);
        assertThat(list.getString("properties.prompt.default")).isEqualTo("Detailed, 8k, photorealistic");
        assertThat(list.getInt("properties.width.maximum")).isEqualTo(4096);
        assertThat(list.getInt("properties.width.default")).isEqualTo(1280);
        assertThat(list.getString("properties.image.description")).contains("Base64");
        assertThat(list.getInt("properties.references.maxItems")).isPositive();
    }

    @Test
    void anImageTaskCreatedOverMcpRunsAndIsTheCallersOnRestToo() {
        String id = create("images_create", json("model", "flux-1", "prompt", "a lighthouse"));

        Api.waiting().untilAsserted(() -> assertThat(Mcp.ok(token, session, "images_get", json("id", id))
                .getString("status")).isEqualTo("SUCCESS"));
        JsonPath task = Mcp.ok(token, session, "images_get", json("id", id));
        assertThat(task.getString("id")).isEqualTo(id);
        assertThat(task.getList("output", String.class)).singleElement().asString().contains("/api/files/");
        assertThat(task.getString("task_info.name")).isEqualTo("images.flux-1");
        Api.task(token, "images", id);
    }

    @Test
    void theResultIsAlsoJsonTextForClientsThatReadOnlyContent() {
        JsonPath answer = Mcp.call(token, session, "images_list_models", Map.of());

        JsonPath text = new JsonPath(answer.getString("result.content[0].text"));
        assertThat(text.getMap("models")).containsKey("flux-1");
        assertThat(answer.getMap("result.structuredContent.models")).containsKey("flux-1");
    }

    @Test
    void aTextTaskAnswersItsEcho() {
        String id = create("texts_create", json("model", "gpt-4o", "prompt", "hello over mcp"));

        Api.waiting().untilAsserted(() -> assertThat(Mcp.ok(token, session, "texts_get", json("id", id))
                .getString("output")).isEqualTo("echo: hello over mcp"));
    }

    @Test
    void aRunningTaskIsCancelledByTheDeleteTool() {
        String id = create("images_create", json("model", "gpt-image-1", "prompt", "sleep=20000;steps=200"));
        Api.awaitStatus(token, "images", id, "STARTED");

        JsonPath deleted = Mcp.ok(token, session, "images_delete", json("id", id));

        assertThat(deleted.getString("status")).isEqualTo("REVOKED");
        Api.awaitStatus(token, "images", id, "REVOKED");
    }

    @Test
    void aFieldOutsideItsBoundsIsAToolErrorNamingTheFieldAndLimit() {
        JsonPath error = Mcp.toolError(token, session, "images_create", json("model", "flux-1", "width", 9000));

        assertThat(error.getInt("status")).isEqualTo(422);
        assertThat(error.getList("detail")).hasSize(1);
        assertThat(error.getList("detail[0].loc")).containsExactly("body", "width");
        assertThat(error.getString("detail[0].msg")).isEqualTo("must be at most 4096");
    }

    @Test
    void aMissingModelAnUnknownModelAndAWrongTypeAreToolErrorsLikeRest() {
        assertThat(Mcp.toolError(token, session, "images_create", json("prompt", "no model"))
                .getList("detail[0].loc")).containsExactly("body", "model");
        JsonPath unknown = Mcp.toolError(token, session, "images_create", json("model", "dall-e-9"));
        assertThat(unknown.getList("detail[0].loc")).containsExactly("body", "model");
        assertThat(unknown.getString("detail[0].msg")).contains("flux-1");
        JsonPath wrongType = Mcp.toolError(token, session, "images_create", json("model", "flux-1", "width", "wide"));
        assertThat(wrongType.getList("detail[0].loc")).containsExactly("body", "width");
    }

    @Test
    void theCapabilityRulesAndTheBase64CheckApplyAsOnRest() {
        JsonPath rule = Mcp.toolError(token, session, "images_create", json("model", "flux-1", "mask",
                Media.b64(Media.PNG)));
        assertThat(rule.getString("detail[0].msg")).isEqualTo("mask requires image.");

        JsonPath notAnImage = Mcp.toolError(token, session, "images_create", json("model", "flux-1", "image",
                Media.b64("not an image at all".getBytes())));
        assertThat(notAnImage.getInt("status")).isEqualTo(422);
        assertThat(notAnImage.getList("detail[0].loc")).containsExactly("body", "image");
        assertThat(notAnImage.getString("detail[0].msg")).contains("is not");
    }

    @Test
    void anImageInputIsDecodedAtTheApiAndTheTaskRuns() {
        String id = create("images_create", json("model", "flux-1", "image", Media.b64(Media.PNG_2X3)));

        assertThat(Api.awaitStatus(token, "images", id, "SUCCESS").getList("output")).hasSize(1);
    }

    @Test
    void aNonUuidIdIsAToolErrorOnThePathAndAnUnknownOneIsNotFound() {
        JsonPath notUuid = Mcp.toolError(token, session, "images_get", json("id", "42"));
        assertThat(notUuid.getInt("status")).isEqualTo(422);
        assertThat(notUuid.getList("detail[0].loc")).containsExactly("path", "id");

        JsonPath unknown = Mcp.toolError(token, session, "images_get", json("id", UUID.randomUUID().toString()));
        assertThat(unknown.getInt("status")).isEqualTo(404);
        assertThat(unknown.getString("detail")).isEqualTo("Task not found or has expired");
    }

    @Test
    void anotherKeysTaskIsNotFoundForReadingOrCancelling() {
        String id = create("images_create", json("model", "gpt-image-1", "prompt", "sleep=5000;steps=50"));
        String other = Api.newToken("mcp-other");
        String otherSession = Mcp.initialize(other);

        for (String tool : List.of("images_get", "images_delete")) {
            JsonPath error = Mcp.toolError(other, otherSession, tool, json("id", id));
            assertThat(error.getInt("status")).as(tool).isEqualTo(404);
            assertThat(error.getString("detail")).isEqualTo("Task not found or has expired");
        }
        assertThat(Mcp.ok(token, session, "images_get", json("id", id)).getString("status"))
                .isIn("PENDING", "STARTED", "SUCCESS");
    }

    @Test
    void aTaskOfOneDomainIsNotFoundThroughAnother() {
        String id = create("texts_create", json("model", "gpt-4o", "prompt", "only a text"));

        assertThat(Mcp.toolError(token, session, "images_get", json("id", id)).getInt("status")).isEqualTo(404);
    }

    @Test
    void aToolCallWithoutInitializeWorksAsTheOriginalsStatelessEndpointDid() {
        JsonPath models = Mcp.ok(token, null, "videos_list_models", Map.of());

        assertThat(models.getMap("models")).isNotEmpty();
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWithHowToAuthenticate() {
        Mcp.post(null).body(Mcp.request("initialize", Mcp.initializeParams())).post(Mcp.PATH).then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("jsonrpc", equalTo("2.0"))
                .body("error.code", equalTo(-32001))
                .body("error.message", containsString("Authorization: Bearer <api key>"));
    }

    @Test
    void aToolCallInAnOpenSessionStillNeedsTheKey() {
        Mcp.post(null).header("Mcp-Session-Id", session)
                .body(Mcp.request("tools/call", json("name", "images_list_models", "arguments", Map.of())))
                .post(Mcp.PATH).then()
                .statusCode(401);
    }

    @Test
    void anUnknownTokenIsForbidden() {
        Mcp.post("dd_AAAAAAAAAAAAAAAA_" + "B".repeat(43)).body(Mcp.request("initialize", Mcp.initializeParams()))
                .post(Mcp.PATH).then()
                .statusCode(403)
                .body("error.code", equalTo(-32001))
                .body("error.message", equalTo("Invalid or revoked token"));
    }

    @Test
    void aRevokedKeyIsForbidden() {
        JsonPath key = Api.createKey(Api.uniqueName("mcp-revoked"));
        String revoked = key.getString("api_key");
        Mcp.initialize(revoked);
        Api.admin().delete("/api/admin/keys/" + key.getString("key_id")).then().statusCode(200);

        Api.waiting().untilAsserted(() -> Mcp.post(revoked)
                .body(Mcp.request("tools/list", Map.of())).post(Mcp.PATH).then()
                .statusCode(403)
                .body("error.message", equalTo("Invalid or revoked token")));
    }

    @Test
    void theAdminKeyDoesNotOpenMcp() {
        Mcp.post(Api.ADMIN_KEY).body(Mcp.request("initialize", Mcp.initializeParams())).post(Mcp.PATH).then()
                .statusCode(403)
                .body("error.message", containsString("admin key only works on /api/admin"));
    }
}
