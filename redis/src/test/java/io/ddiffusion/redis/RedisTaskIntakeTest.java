package io.ddiffusion.redis;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.store.TaskIntakeContract;
import io.ddiffusion.core.task.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTaskIntakeTest extends TaskIntakeContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    private RedisKeys keys;

    @Override
    protected void createBackend() {
        keys = redis.freshKeys();
        RedisTaskStore redisStore = new RedisTaskStore(redis.connections(), keys, Duration.ofMinutes(5));
        store = redisStore;
        queue = new RedisTaskQueue(redis.connections(), keys);
        intake = redisStore;
    }

    @Test
    void theRecordIsTheSameHashAsACreatedOneWithTheEntryInItsJson() {
        Task task = aPendingTask().build();

        Task submitted = intake.submit(task);

        assertThat(redis.raw().hgetall(keys.task(task.id()))).containsOnlyKeys("v", "json").containsEntry("v", "1");
        assertThat(redis.raw().hget(keys.task(task.id()), "json")).startsWith("{\"queueEntry\":\""
                + submitted.queueEntry() + "\",");
        assertThat(redis.raw().pttl(keys.task(task.id()))).isBetween(1L, Duration.ofMinutes(5).toMillis());
    }
}
