package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The API without its in-process worker and without provider credentials: the tests start the workers they need, each
 * built from its own settings, so {@code /models} reports what those workers say.
 */
public class ApiOnlyProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ddiffusion.role", "api", "DDIFFUSION_ENABLED_PROVIDERS", "", "DDIFFUSION_LOCAL_LLM_URL", "",
                "OPENAI_API_KEY", "", "REPLICATE_API_TOKEN", "");
    }

    /** The same against Redis, under a prefix of its own. */
    public static class OnRedis extends ApiOnlyProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(RedisProfile.RedisPrefix.class));
        }
    }
}
