package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Every browser origin allowed. */
public class CorsAnyOriginProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_CORS_ORIGINS", "*");
    }
}
