package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DDIFFUSION_MAX_BODY_MB=1: a larger body is refused with 413 and a detail naming the limit. */
@QuarkusTest
@TestProfile(BodyLimitProfile.class)
class BodyLimitTest {
    static final int LIMIT = 1024 * 1024;
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("body-limit");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithTheLimitNamed() {
        String body = "{\"model\":\"gpt-image-1\",\"image\":\"" + "A".repeat(2 * LIMIT) + "\"}";
        int length = body.length();

        Api.as(token).body(body).post("/api/images").then()
                .statusCode(413)
                .body("detail", equalTo("Request body of " + length + " bytes exceeds the limit of " + LIMIT
                        + " bytes (DDIFFUSION_MAX_BODY_MB)"));
    }

    @Test
    void theLimitAppliesToEveryDomainAndBeforeAuthentication() {
        String body = "{\"prompt\":\"" + "x".repeat(LIMIT) + "\"}";
        for (String domain : new String[] {"images", "texts", "videos", "workflows"}) {
            Api.as(token).body(body).post("/api/" + domain).then().statusCode(413);
        }
        Api.anonymous().body(body).post("/api/texts").then().statusCode(413);
    }

    @Test
    void aBodyUnderTheLimitIsReadAndValidated() {
        Api.assertProblem(Api.as(token).body(json("model", "gpt-4o", "prompt", "x".repeat(LIMIT / 2)))
                .post("/api/texts"), "must be at most 10000 characters", "length", "body", "prompt");
    }
}
