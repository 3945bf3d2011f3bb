package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** At most two waiting tasks, one gpu task at a time. */
public class BacklogProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("TASK_BACKLOG_LIMIT", "2", "DDIFFUSION_GPU_CONCURRENCY", "1",
                "DDIFFUSION_SHUTDOWN_GRACE_SECONDS", "1");
    }
}
