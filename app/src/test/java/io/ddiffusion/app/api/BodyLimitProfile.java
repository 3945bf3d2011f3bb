package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A 1 MiB body limit. */
public class BodyLimitProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_MAX_BODY_MB", "1");
    }
}
