package io.ddiffusion.app.api;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** DDIFFUSION_CORS_ORIGINS=* lets any page call the API, never with credentials (keys go in a header anyway). */
@QuarkusTest
@TestProfile(CorsAnyOriginProfile.class)
class CorsAnyOriginTest {

    @Test
    void aPreflightFromAnyOriginIsAllowedWithoutCredentials() {
        String origin = "https://anywhere.example";

        Cors.preflight(origin, "/api/videos").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", anyOf(equalTo("*"), equalTo(origin)))
                .header("Access-Control-Allow-Credentials", anyOf(nullValue(), equalTo("false")));
    }
}
