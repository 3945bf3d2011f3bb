package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Webhooks with a known secret, loopback receivers allowed (the test's own) and 1 s retries, three of them. */
public class WebhookProfile implements QuarkusTestProfile {
    static final String SECRET = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";

    static Map<String, String> settings() {
        return Map.of("DDIFFUSION_WEBHOOK_SECRET", SECRET, "DDIFFUSION_WEBHOOK_ALLOW_PRIVATE", "true",
                "DDIFFUSION_WEBHOOK_RETRY_SECONDS", "1,1,1", "DDIFFUSION_WEBHOOK_TIMEOUT_SECONDS", "3");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return settings();
    }
}
