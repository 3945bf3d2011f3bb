package io.ddiffusion.app.api;

import io.ddiffusion.redis.RedisServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API alone on a private {@code redis-server} without persistence and with a password, which a test may stop and
 * start again (a broker outage) without touching the machine's shared Redis.
 */
public class PrivateRedisProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ddiffusion.role", "api", "DDIFFUSION_SHUTDOWN_GRACE_SECONDS", "1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateRedis.class));
    }

    /** Starts the server before the app and stops it (deleting its data) after; the test reaches it statically. */
    public static class PrivateRedis implements QuarkusTestResourceLifecycleManager {
        static final String PASSWORD = "pw-" + UUID.randomUUID();
        static volatile RedisServerProcess server;

        @Override
        public Map<String, String> start() {
            server = RedisServerProcess.start("--appendonly", "no", "--save", "", "--requirepass", PASSWORD);
            return Map.of("DDIFFUSION_REDIS_URL", "redis://:" + PASSWORD + "@127.0.0.1:" + server.port(),
                    "DDIFFUSION_REDIS_PREFIX", "ddtest:" + UUID.randomUUID() + ":");
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
