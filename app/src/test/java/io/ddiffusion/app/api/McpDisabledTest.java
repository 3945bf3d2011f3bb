package io.ddiffusion.app.api;

import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With ENABLE_MCP=false there is no MCP endpoint at all, whoever asks; the REST API is unchanged. */
@QuarkusTest
@TestProfile(McpDisabledProfile.class)
class McpDisabledTest {

    @Test
    void mcpAnswersNotFoundEvenWithAValidKey() {
        String token = Api.newToken("mcp-off");

        Mcp.post(token).body(Mcp.request("initialize", Mcp.initializeParams())).post(Mcp.PATH).then()
                .statusCode(404)
                .body("detail", containsString("ENABLE_MCP=false"));
        Mcp.post(token).get(Mcp.PATH).then().statusCode(404);
        Mcp.post(null).get(Mcp.PATH + "/sse").then().statusCode(404);
        Api.as(token).get("/api/images/models").then().statusCode(200);
    }
}
