package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed JSON-RPC on {@code /mcp} (found by an operator's fuzz as six 500s): each gets the JSON-RPC error the
 * specification names, with the HTTP status of the MCP streamable HTTP transport, and never a 500 or exception text.
 * Not a single JSON-RPC message: HTTP 400, {@code id: null}; a request whose params do not fit: HTTP 200, the error
 * answering its id.
 */
@QuarkusTest
class McpProtocolTest {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    String token;

    @BeforeEach
    void key() {
        token = Api.newToken("mcp-protocol");
    }

    Response post(String body) {
        return Mcp.post(token).body(body).post(Mcp.PATH);
    }

    /** Posts {@code body}; checks the status and that the answer is a JSON-RPC error; returns it. */
    JsonPath error(String body, int status, int code) {
        Response r = post(body);
        assertThat(r.statusCode()).as("status for %s: %s", body, r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonPath answer = r.jsonPath();
        assertThat(answer.getString("jsonrpc")).isEqualTo("2.0");
        assertThat(answer.getInt("error.code")).as("code for %s: %s", body, r.asString()).isEqualTo(code);
        assertThat(answer.getString("error.message")).doesNotContain("Exception", "\tat ", "io.vertx", "quarkiverse");
        return answer;
    }

    JsonPath notAMessage(String body, int code) {
        JsonPath answer = error(body, 400, code);
        assertThat(answer.getMap("")).containsKey("id");
        assertThat(answer.get("id") == null).as("id of %s", body).isTrue();
        return answer;
    }

    JsonPath badParams(String body, Object id) {
        JsonPath answer = error(body, 200, INVALID_PARAMS);
        assertThat(answer.get("id").toString()).isEqualTo(id.toString());
        assertThat(answer.getString("error.message")).startsWith("Invalid params: ");
        return answer;
    }

    // the six 500s of the operator's fuzz

    @Test
    void paramsThatAreNotStructuredAreAnInvalidRequest() {
        JsonPath answer = notAMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":1}",
                INVALID_REQUEST);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid Request: 'params' must be an object");
    }

    @Test
    void initializeWithEmptyParamsIsInvalidParams() {
        JsonPath answer = badParams("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{}}", 7);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid params: 'protocolVersion' (a string) is "
                + "required");
    }

    @Test
    void initializeWithCapabilitiesThatAreNotAnObjectIsInvalidParams() {
        JsonPath answer = badParams("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":1,\"clientInfo\":{\"name\":\"x\","
                + "\"version\":\"1\"}}}", "a");

        assertThat(answer.getString("error.message")).isEqualTo("Invalid params: 'capabilities' (an object) is "
                + "required");
    }

    @Test
    void initializeWithoutClientInfoOrWithABadIconIsInvalidParams() {
        badParams("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{}}}", 8);
        badParams("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\",\"icons\":"
                + "[{\"src\":\"a\",\"theme\":\"purple\"}]}}}", 9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"tools/call\"", "null", "true"})
    void aBodyThatIsNotAnObjectIsAnInvalidRequest(String body) {
        JsonPath answer = notAMessage(body, INVALID_REQUEST);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid Request: the body must be a JSON-RPC "
                + "message object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "[1]"})
    void anArrayIsAnInvalidRequestAsMcpHasNoBatches(String body) {
        JsonPath answer = notAMessage(body, INVALID_REQUEST);

        assertThat(answer.getString("error.message")).contains("batches are not supported");
    }

    // more malformed shapes

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"jsonrpc\":\"2.0\",", "not json", "{\"jsonrpc\":\"2.0\"} trailing", "\u0000",
        ""})
    void aBodyThatIsNotJsonIsAParseError(String body) {
        JsonPath answer = notAMessage(body, PARSE_ERROR);

        assertThat(answer.getString("error.message")).startsWith("Parse error: ");
    }

    @Test
    void aMissingMethodIsAnInvalidRequest() {
        JsonPath answer = notAMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"params\":{}}", INVALID_REQUEST);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid Request: a request needs 'method'; a "
                + "response 'result' or 'error'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "null", "[\"ping\"]", "{\"name\":\"ping\"}", "true"})
    void aMethodThatIsNotAStringIsAnInvalidRequest(String method) {
        JsonPath answer = notAMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":" + method + "}", INVALID_REQUEST);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid Request: 'method' must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[1]", "null", "1.5", "true"})
    void anIdThatIsNotAStringOrAnIntegerIsAnInvalidRequest(String id) {
        JsonPath answer = notAMessage("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}",
                INVALID_REQUEST);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid Request: 'id' must be a string or an "
                + "integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":1,\"method\":\"ping\"}", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}"})
    void aWrongOrMissingJsonRpcVersionIsAnInvalidRequest(String body) {
        JsonPath answer = notAMessage(body, INVALID_REQUEST);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid Request: 'jsonrpc' must be \"2.0\"");
    }

    @Test
    void aMessageThatIsBothARequestAndAResponseIsAnInvalidRequest() {
        notAMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}}", INVALID_REQUEST);
        notAMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"}}",
                INVALID_REQUEST);
        notAMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":5}", INVALID_REQUEST);
    }

    @Test
    void paramsAsAnArrayForToolsCallAreInvalidParams() {
        JsonPath answer = badParams("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "[\"images_get\",{}]}", 3);

        assertThat(answer.getString("error.message")).isEqualTo("Invalid params: 'params' must be an object, not "
                + "an array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"name\":1}", "{\"name\":null}", "{\"name\":\"images_get\",\"arguments\":1}",
        "{\"name\":\"images_get\",\"arguments\":[\"x\"]}", "{\"name\":\"images_get\",\"_meta\":1}",
        "{\"name\":\"images_get\",\"_meta\":{\"progressToken\":{}}}"})
    void toolsCallParamsOfTheWrongShapeAreInvalidParams(String params) {
        badParams("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":" + params + "}", 4);
    }

    @Test
    void anUnknownToolIsInvalidParams() {
        JsonPath answer = error("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"images_paint\",\"arguments\":{}}}", 200, INVALID_PARAMS);

        assertThat(answer.getInt("id")).isEqualTo(5);
        assertThat(answer.getString("error.message")).isEqualTo("Invalid tool name: images_paint");
    }

    @Test
    void toolArgumentsOfTheWrongTypesAreToolErrorsOrInvalidParamsNeverA500() {
        for (String arguments : new String[] {"{\"id\":5}", "{\"id\":{}}", "{\"id\":[1]}", "{\"id\":null}", "{}",
            "{\"id\":true}"}) {
            Response r = post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"images_get\",\"arguments\":" + arguments + "}}");
            assertThat(r.statusCode()).as("%s: %s", arguments, r.asString()).isEqualTo(200);
            JsonPath answer = r.jsonPath();
            if (answer.get("error") != null) {
                assertThat(answer.getInt("error.code")).as(arguments).isEqualTo(INVALID_PARAMS);
            } else {
                assertThat(answer.getBoolean("result.isError")).as(arguments).isTrue();
            }
        }
        JsonPath error = Mcp.toolError(token, null, "images_create", Api.json("model", 5, "width", "wide"));
        assertThat(error.getInt("status")).isEqualTo(422);
    }

    @Test
    void anUnknownMethodIsMethodNotFoundAnsweringItsId() {
        JsonPath answer = error("{\"jsonrpc\":\"2.0\",\"id\":\"x1\",\"method\":\"prompts/get\",\"params\":{}}", 200,
                METHOD_NOT_FOUND);

        assertThat(answer.getString("id")).isEqualTo("x1");
        assertThat(answer.getString("error.message")).isEqualTo("Method not found: prompts/get");
    }

    @Test
    void anUnknownNotificationIsAcceptedAndIgnored() {
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{\"a\":1}}").then()
                .statusCode(202);
    }

    @Test
    void aMalformedNotificationIsRefusedWithoutAnId() {
        JsonPath answer = notAMessage("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                + "{\"requestId\":{}}}", INVALID_PARAMS);

        assertThat(answer.getString("error.message")).startsWith("Invalid params: 'requestId'");
    }

    @Test
    void aResponseWithoutARequestIsAccepted() {
        post("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}").then().statusCode(202);
    }

    @Test
    void theTransportHeadersAreCheckedWithAJsonRpcAnswer() {
        Response noAccept = Api.as(token).body(Mcp.request("tools/list", Map.of())).post(Mcp.PATH);
        assertThat(noAccept.statusCode()).isEqualTo(400);
        assertThat(noAccept.jsonPath().getInt("error.code")).isEqualTo(INVALID_REQUEST);
        assertThat(noAccept.jsonPath().getString("error.message")).contains("Accept: application/json, "
                + "text/event-stream");

        Response badVersion = Mcp.post(token).header("Mcp-Protocol-Version", "1999-01-01")
                .body(Mcp.request("tools/list", Map.of())).post(Mcp.PATH);
        assertThat(badVersion.statusCode()).isEqualTo(400);
        assertThat(badVersion.jsonPath().getString("error.message")).contains("Mcp-Protocol-Version");
    }

    @Test
    void aGetWithoutASessionAndAPutAreJsonRpcErrorsToo() {
        Response get = Mcp.post(token).get(Mcp.PATH);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.jsonPath().getInt("error.code")).isEqualTo(INVALID_REQUEST);

        Response put = Mcp.post(token).body("{}").put(Mcp.PATH);
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.jsonPath().getInt("error.code")).isEqualTo(INVALID_REQUEST);
    }

    @Test
    void wellFormedMessagesStillWork() {
        post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").then().statusCode(200);
        JsonPath list = Mcp.rpc(token, null, "tools/list", Map.of("_meta", Api.json("progressToken", 1)));
        assertThat(list.getList("result.tools")).hasSize(McpToolsTest.TOOLS.size());
        JsonPath init = Mcp.rpc(token, null, "initialize", Api.json("protocolVersion", Mcp.PROTOCOL, "capabilities",
                Api.json("roots", Api.json("listChanged", true)), "clientInfo", Api.json("name", "x", "version", "1",
                        "icons", List.of(Api.json("src", "https://x/i.png", "sizes", List.of(
                                "48x48"), "theme", "dark")))));
        assertThat(init.getString("result.protocolVersion")).isEqualTo(Mcp.PROTOCOL);
    }
}
