package io.ddiffusion.redis;

import io.ddiffusion.core.store.TaskSnapshotsContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTaskSnapshotsTest extends TaskSnapshotsContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    @Override
    protected void createBackend() {
        RedisKeys keys = redis.freshKeys();
        RedisTaskStore redisStore = new RedisTaskStore(redis.connections(), keys, Duration.ofMinutes(5));
        store = redisStore;
        intake = redisStore;
        queue = new RedisTaskQueue(redis.connections(), keys);
        snapshots = new RedisTaskSnapshots(redis.connections(), keys);
    }
}
