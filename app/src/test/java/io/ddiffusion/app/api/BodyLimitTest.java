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

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithTheLimitNamedToo() throws Exception {
        byte[] body = ("{\"model\":\"gpt-image-1\",\"image\":\"" + "A".repeat(2 * LIMIT) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // why: the reader learns of the transport's refusal only after it answered; that is no server error
        java.util.List<java.util.logging.LogRecord> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger mappers = java.util.logging.Logger.getLogger(
                io.ddiffusion.api.http.ErrorMappers.class.getName());
        mappers.addHandler(capture);
        try {
            refuseChunkedBodies(body);
        } finally {
            mappers.removeHandler(capture);
        }
        org.assertj.core.api.Assertions.assertThat(errors).extracting(java.util.logging.LogRecord::getMessage)
                .isEmpty();
    }

    private void refuseChunkedBodies(byte[] body) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (String path : new String[] {"/api/images", "/mcp"}) {
            // why: a body from a stream has no Content-Length and goes out chunked, so only its count can refuse it
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(body))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(path).isEqualTo(413);
            org.assertj.core.api.Assertions.assertThat(r.body()).as(path).contains("exceeds the limit of " + LIMIT
                    + " bytes (DDIFFUSION_MAX_BODY_MB)");
        }
    }
}
