package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Distributed mode without DDIFFUSION_WEBHOOK_SECRET: webhooks are off, and a request naming one is told why. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisWebhooksOffTest {
    @Test
    void aWebhookIsRefusedNamingTheVariableThatTurnsThemOn() {
        String token = Api.newToken("hooks");
        Api.assertProblem(Api.as(token).body(json("model", "gpt-4o", "prompt", "x", "webhook",
                "https://203.0.113.7/hook")).post("/api/texts"), "is not available: this server sends no webhooks "
                + "(its operator sets DDIFFUSION_WEBHOOK_SECRET to turn them on)", "webhooks_off", "body", "webhook");
    }
}
