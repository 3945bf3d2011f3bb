package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal MCP client over streamable HTTP for the tests: JSON-RPC requests to {@code /mcp} with an API key. */
final class Mcp {
    static final String PATH = "/mcp";
    static final String PROTOCOL = "2025-06-18";
    private static final AtomicInteger IDS = new AtomicInteger();

    private Mcp() {
    }

    /** A POST to /mcp as MCP clients send it (both content types accepted), with {@code token} if not null. */
    static RequestSpecification post(String token) {
        RequestSpecification spec = given().contentType(ContentType.JSON)
                .header("Accept", "application/json, text/event-stream");
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    static Map<String, Object> request(String method, Object params) {
        return Api.json("jsonrpc", "2.0", "id", IDS.incrementAndGet(), "method", method, "params", params);
    }

    static Map<String, Object> initializeParams() {
        return Api.json("protocolVersion", PROTOCOL, "capabilities", Map.of(),
                "clientInfo", Api.json("name", "mcp-test", "version", "1.0"));
    }

    /** The initialize handshake (request, then the initialized notification); returns the session id. */
    static String initialize(String token) {
        Response r = post(token).body(request("initialize", initializeParams())).post(PATH);
        r.then().statusCode(200);
        String session = r.getHeader("Mcp-Session-Id");
        assertThat(session).as("Mcp-Session-Id").isNotBlank();
        post(token).header("Mcp-Session-Id", session)
                .body(Api.json("jsonrpc", "2.0", "method", "notifications/initialized")).post(PATH)
                .then().statusCode(202);
        return session;
    }

    /** One JSON-RPC request in {@code session}; returns the whole answer (result or error). */
    static JsonPath rpc(String token, String session, String method, Object params) {
        RequestSpecification spec = post(token);
        if (session != null) {
            spec = spec.header("Mcp-Session-Id", session);
        }
        return spec.body(request(method, params)).post(PATH).then().statusCode(200).extract().jsonPath();
    }

    /** A {@code tools/call}; returns the whole answer (its {@code result} holds {@code isError}). */
    static JsonPath call(String token, String session, String tool, Map<String, Object> arguments) {
        JsonPath answer = rpc(token, session, "tools/call", Api.json("name", tool, "arguments", arguments));
        assertThat(answer.getMap("error")).as("JSON-RPC error of %s", tool).isNull();
        return answer;
    }

    /** A call that must succeed; returns its structured content. */
    static JsonPath ok(String token, String session, String tool, Map<String, Object> arguments) {
        JsonPath answer = call(token, session, tool, arguments);
        assertThat(answer.getBoolean("result.isError")).as("%s failed: %s", tool,
                answer.getString("result.content[0].text")).isFalse();
        return answer.setRootPath("result.structuredContent");
    }

    /** A call that must fail as a tool error; returns the REST-shaped error in its text ({@code status, detail}). */
    static JsonPath toolError(String token, String session, String tool, Map<String, Object> arguments) {
        JsonPath answer = call(token, session, tool, arguments);
        assertThat(answer.getBoolean("result.isError")).as("%s should fail", tool).isTrue();
        return new JsonPath(answer.getString("result.content[0].text"));
    }
}
