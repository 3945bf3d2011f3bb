package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.ddiffusion.app.api.Base64InputTest.assertInvalid;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** URL inputs with the SSRF guard as in production: plain HTTP and local or private addresses are refused. */
@QuarkusTest
@TestProfile(StrictUrlInputsProfile.class)
class StrictUrlInputsTest {
    MediaServer server;
    String token;

    @BeforeEach
    void start() throws Exception {
        token = Api.newToken("strict-urls");
        server = new MediaServer().file("/a.png", Media.PNG);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void plainHttpIsRefusedBeforeAnyConnection() {
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", server.url("/a.png")))
                .post("/api/images"), "is refused: only https:// URLs are fetched (DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS"
                + "=true permits http://), not 'http'", "url_refused", "body", "image");
    }

    @Test
    void hostsThatResolveToLocalOrPrivateAddressesAreRefused() {
        for (String url : new String[] {"https://127.0.0.1:8443/a.png", "https://localhost/a.png",
            "https://[::1]/a.png", "https://169.254.169.254/latest/meta-data", "https://10.0.0.1/a.png"}) {
            assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", url)).post("/api/images"),
                    "is refused: ", "url_refused", "body", "image");
        }
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", "https://localhost/a.png"))
                .post("/api/images"), "is refused: localhost resolves to a private or local address", "url_refused",
                "body", "image");
    }

    @Test
    void aUrlWithCredentialsIsRefused() {
        assertInvalid(Api.as(token).body(json("model", "gpt-image-1", "image", "https://user:pw@example.com/a.png"))
                .post("/api/images"), "is not a usable URL", "url_refused", "body", "image");
    }
}
