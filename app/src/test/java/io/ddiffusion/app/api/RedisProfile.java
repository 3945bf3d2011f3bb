package io.ddiffusion.app.api;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.ddiffusion.redis.RedisConnections;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API in distributed mode: broker, task store and keys in the machine's Redis ({@code -Dddiffusion.test.redis},
 * default {@code redis://127.0.0.1:6379}), under a prefix of its own for this run, deleted when the app stops.
 */
public class RedisProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("DDIFFUSION_SHUTDOWN_GRACE_SECONDS", "1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisPrefix.class));
    }

    /** Hands the app a fresh {@code ddtest:<uuid>:} prefix and removes every key under it afterwards. */
    public static class RedisPrefix implements QuarkusTestResourceLifecycleManager {
        private final String url = url();
        private final String prefix = "ddtest:" + UUID.randomUUID() + ":";

        static String url() {
            String url = System.getProperty("ddiffusion.test.redis");
            return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
        }

        @Override
        public Map<String, String> start() {
            return Map.of("DDIFFUSION_REDIS_URL", url, "DDIFFUSION_REDIS_PREFIX", prefix);
        }

        @Override
        public void stop() {
            try (RedisConnections redis = new RedisConnections(url)) {
                RedisCommands<String, String> cmd = redis.sync();
                ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
                List<String> keys = new ArrayList<>();
                KeyScanCursor<String> cursor = cmd.scan(match);
                while (true) {
                    keys.addAll(cursor.getKeys());
                    if (cursor.isFinished()) {
                        break;
                    }
                    cursor = cmd.scan(ScanCursor.of(cursor.getCursor()), match);
                }
                if (!keys.isEmpty()) {
                    cmd.unlink(keys.toArray(String[]::new));
                }
            }
        }
    }
}
