package io.ddiffusion.redis;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.worker.runtime.WorkerContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The worker's guarantees with the Redis broker and store underneath. */
class RedisWorkerTest extends WorkerContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    @Override
    protected TaskQueue createQueue() {
        return new RedisTaskQueue(redis.connections(), redis.freshKeys());
    }

    @Override
    protected TaskStore createStore(Duration retention) {
        return new RedisTaskStore(redis.connections(), redis.freshKeys(), retention);
    }
}
