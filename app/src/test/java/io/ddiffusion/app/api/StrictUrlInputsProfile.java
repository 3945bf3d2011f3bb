package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** URL inputs on as an operator would set them: HTTPS and public addresses only. */
public class StrictUrlInputsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_ALLOW_INPUT_URLS", "true");
    }
}
