package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.ddiffusion.app.api.Base64InputTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Media fields holding a URL, fetched by the API from a server this test runs on loopback (allowed by
 * {@link UrlInputsProfile}): the bytes become the task's input, redirects are followed and checked again, and the
 * size cap, the timeout, HTTP errors and the sniffing each refuse with 422 on the field.
 */
@QuarkusTest
@TestProfile(UrlInputsProfile.class)
class UrlInputsTest {
    MediaServer server;
    String token;

    @BeforeEach
    void start() throws Exception {
        token = Api.newToken("urls");
        server = new MediaServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aUrlsBytesBecomeTheTasksInputAlsoAfterARedirect() {
        byte[] image = AbstractUploadsTest.pngOfSize(200_000, 11);
        server.file("/a.png", image).redirect("/moved", "/a.png");

        String id = Api.submit(token, "images", json("model", "gpt-image-1", "prompt", "outputs=2", "image",
                server.url("/moved"), "mask", server.url("/a.png?x=1")));

        JsonPath done = Api.awaitStatus(token, "images", id, "SUCCESS");
        assertThat(AbstractUploadsTest.download(done.getString("output[0]"))).isEqualTo(image);
        assertThat(AbstractUploadsTest.download(done.getString("output[1]"))).isEqualTo(image);
    }

    @Test
    void aRedirectIsCheckedLikeTheFirstUrl() {
        server.redirect("/away", "ftp://127.0.0.1/a.png");

        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", server.url("/away")))
                .post("/api/images"), "is refused: only https:// URLs are fetched", "url_refused", "body", "image");
    }

    @Test
    void aFileOverTheCapIsRefusedWhetherItsLengthIsDeclaredOrNot() {
        byte[] big = AbstractUploadsTest.pngOfSize(1024 * 1024 + 1, 12);
        server.file("/big.png", big).chunked("/big-chunked.png", big);

        for (String path : List.of("/big.png", "/big-chunked.png")) {
            assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", server.url(path)))
                    .post("/api/images"), "is larger than the limit of 1048576 bytes for input URLs "
                    + "(DDIFFUSION_INPUT_URL_MAX_MB)", "url_too_large", "body", "image");
        }
    }

    @Test
    void aServerThatStallsIsGivenUpOnAfterTheTimeout() {
        server.stall("/slow.png");

        assertInvalid(Api.as(token).body(json("model", "gpt-4o", "images", List.of(server.url("/slow.png"))))
                .post("/api/texts"), "could not be fetched within 2 s (DDIFFUSION_INPUT_URL_TIMEOUT_SECONDS)",
                "url_timeout", "body", "images", 0);
    }

    @Test
    void theFetchedBytesAreSniffedLikeAnyInput() {
        server.file("/text.png", "not an image".getBytes()).file("/clip.mp4", Media.MP4)
                .file("/huge.png", Media.png(100_000, 100_000));

        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", server.url("/text.png")))
                .post("/api/images"), "is not an image", "media_type", "body", "image");
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", server.url("/clip.mp4")))
                .post("/api/images"), "is MP4 (video/mp4), not an image", "media_type", "body", "image");
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", server.url("/huge.png")))
                .post("/api/images"), "declares 100000x100000 pixels", "image_too_large", "body", "image");
    }

    @Test
    void anHttpErrorOrAnUnreachableServerIsNamedWithoutInternals() {
        server.status("/gone.png", 404);

        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", server.url("/gone.png")))
                .post("/api/images"), "could not be fetched: the server answered HTTP 404", "url_fetch_failed",
                "body", "image");
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", "http://127.0.0.1:9/a.png"))
                .post("/api/images"), "could not be fetched: the connection to 127.0.0.1 failed",
                "url_fetch_failed", "body", "image");
    }
}
