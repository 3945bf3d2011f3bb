package io.ddiffusion.app.api;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** DDIFFUSION_CORS_ORIGINS names the origins whose pages may call the API (REST and MCP); others get nothing. */
@QuarkusTest
@TestProfile(CorsOriginsProfile.class)
class CorsOriginsTest {

    @Test
    void aPreflightFromAConfiguredOriginIsAllowedWithTheApisMethodsAndHeaders() {
        for (String origin : new String[] {CorsOriginsProfile.APP, CorsOriginsProfile.TOOLS}) {
            Cors.preflight(origin, "/api/images").then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", containsString("POST"))
                    .header("Access-Control-Allow-Methods", containsString("DELETE"))
                    .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"))
                    .header("Access-Control-Allow-Headers", containsStringIgnoringCase("x-user-id"))
                    .header("Access-Control-Allow-Headers", containsStringIgnoringCase("x-machine-id"))
                    .header("Access-Control-Allow-Headers", containsStringIgnoringCase("idempotency-key"))
                    .header("Access-Control-Allow-Credentials", anyOf(nullValue(), equalTo("false")));
        }
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoPermission() {
        Cors.preflight("https://evil.example", "/api/images").then()
                .header("Access-Control-Allow-Origin", nullValue());
        Cors.preflight("https://app.example.evil.example", "/api/images").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void anAllowedPageReadsTheAnswerAndTheRetryAfterAndReplayHeaders() {
        Api.as(Api.newToken("cors")).header("Origin", CorsOriginsProfile.APP).get("/api/images/models").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", CorsOriginsProfile.APP)
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .header("Access-Control-Expose-Headers", containsString("Idempotent-Replayed"));
    }

    @Test
    void aBrowserMcpClientMaySendTheSessionHeader() {
        Cors.preflight(CorsOriginsProfile.APP, Mcp.PATH).then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", CorsOriginsProfile.APP);
        io.restassured.RestAssured.given().header("Origin", CorsOriginsProfile.APP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers",
                        "authorization,content-type,mcp-session-id,mcp-protocol-version")
                .options(Mcp.PATH).then()
                .statusCode(200)
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("mcp-session-id"));
    }
}
