package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** URL inputs on, with plain HTTP and loopback allowed (the test's own server), a 1 MiB cap and a 2 s timeout. */
public class UrlInputsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_ALLOW_INPUT_URLS", "true", "DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", "true",
                "DDIFFUSION_INPUT_URL_MAX_MB", "1", "DDIFFUSION_INPUT_URL_TIMEOUT_SECONDS", "2");
    }
}
