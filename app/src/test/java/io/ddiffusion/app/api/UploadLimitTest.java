package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An upload over DDIFFUSION_MAX_BODY_MB (1 MiB here) gets 413, with or without a declared length. */
@QuarkusTest
@TestProfile(BodyLimitProfile.class)
class UploadLimitTest {
    @TestHTTPResource("/api/uploads")
    URL uploadsUrl;
    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() {
        String token = Api.newToken("upload-limit");
        RestAssured.given().header("Authorization", "Bearer " + token).contentType("image/png")
                .body(AbstractUploadsTest.pngOfSize(1024 * 1024 + 1, 1)).post("/api/uploads").then().statusCode(413)
                .body("detail", org.hamcrest.Matchers.containsString("(DDIFFUSION_MAX_BODY_MB)"));
    }

    @Test
    void aChunkedBodyIsCountedWhileItStreamsAndRefusedOnceItPassesTheLimit() throws Exception {
        String token = Api.newToken("upload-limit");
        byte[] image = AbstractUploadsTest.pngOfSize(1024 * 1024 + 1, 2);

        // why: a body from a stream has no Content-Length and goes out chunked: nothing to refuse it by in advance
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uploadsUrl.toURI())
                .header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(image))).build(),
                HttpResponse.BodyHandlers.ofString());

        // why: the transport counts a chunked body against the same limit and ends the response itself; the
        // connection's guard gives that 413 our body (see ChunkGuard)
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Request body exceeds the limit of 1048576 bytes "
                + "(DDIFFUSION_MAX_BODY_MB)\"}");
    }
}
