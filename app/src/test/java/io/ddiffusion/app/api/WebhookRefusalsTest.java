package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Webhooks on the embedded defaults: on out of the box with a generated secret, and the SSRF rule in force (no
 * loopback, private or link-local receivers, HTTPS only), each refusal a 422 at {@code ["body", "webhook"]}.
 */
@QuarkusTest
class WebhookRefusalsTest {
    private static Map<String, Object> withWebhook(String url) {
        return json("model", "gpt-4o", "prompt", "x", "webhook", url);
    }

    @Test
    void theEmbeddedServerGeneratedItsSecretForItsOwnerOnly() throws Exception {
        Path secret = Path.of("target/test-data/webhook.secret");
        assertThat(Files.readString(secret).strip()).matches("whsec_[A-Za-z0-9+/=]{44}");
        assertThat(Files.getPosixFilePermissions(secret)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void privateLoopbackAndMetadataReceiversAreRefused() {
        String token = Api.newToken("hooks");
        for (String url : new String[] {"https://127.0.0.1/hook", "https://10.0.0.8/hook",
            "https://169.254.169.254/latest/meta-data/", "https://[::1]:8443/hook", "https://localhost/hook"}) {
            Map<String, Object> problem = Api.problem(Api.as(token).body(withWebhook(url)).post("/api/texts"));
            assertThat(problem.get("loc")).as(url).isEqualTo(java.util.List.of("body", "webhook"));
            assertThat(problem.get("type")).isEqualTo("url_refused");
            assertThat((String) problem.get("msg")).contains("private or local address")
                    .contains("DDIFFUSION_WEBHOOK_ALLOW_PRIVATE");
        }
    }

    @Test
    void onlyHttpsIsAcceptedWhenPrivateReceiversAreNotAllowed() {
        String token = Api.newToken("hooks");
        Api.assertProblem(Api.as(token).body(withWebhook("http://203.0.113.7/hook")).post("/api/texts"),
                "must be an https:// URL, not 'http'", "url_refused", "body", "webhook");
    }
}
