package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** An installation with no provider credentials and no local text server. */
public class NoProvidersProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_ENABLED_PROVIDERS", "", "DDIFFUSION_LOCAL_LLM_URL", "", "OPENAI_API_KEY", "",
                "REPLICATE_API_TOKEN", "");
    }
}
