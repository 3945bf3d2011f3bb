package io.ddiffusion.app.api;

import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without DDIFFUSION_CORS_ORIGINS there is no CORS: browsers get no permission, other clients no refusal. */
@QuarkusTest
class CorsTest {

    @Test
    void aPreflightGetsNoPermissionByDefault() {
        Cors.preflight("https://app.example", "/api/images").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aRequestWithAnOriginIsServedWithoutPermissionHeadersByDefault() {
        Api.as(Api.newToken("cors-off")).header("Origin", "https://app.example").get("/api/images/models").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
