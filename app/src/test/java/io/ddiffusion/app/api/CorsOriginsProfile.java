package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Two browser origins allowed. */
public class CorsOriginsProfile implements QuarkusTestProfile {
    static final String APP = "https://app.example";
    static final String TOOLS = "http://tools.example:8080";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_CORS_ORIGINS", APP + "," + TOOLS);
    }
}
