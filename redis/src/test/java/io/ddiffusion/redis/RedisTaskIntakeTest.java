package io.ddiffusion.redis;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.store.IdempotencyClaim;
import io.ddiffusion.core.store.Submitted;
import io.ddiffusion.core.store.TaskIntakeContract;
import io.ddiffusion.core.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

        assertThat(redis.raw().hgetall(keys.task(task.id()))).containsOnlyKeys("v", "json", "w").containsEntry("v", "1")
                .as("no webhook").containsEntry("w", "0");
        assertThat(redis.raw().hget(keys.task(task.id()), "json")).startsWith("{\"queueEntry\":\""
                + submitted.queueEntry() + "\",");
        assertThat(redis.raw().pttl(keys.task(task.id()))).isBetween(1L, Duration.ofMinutes(5).toMillis());
    }

    @Test
    void anIdempotencyRecordIsAHashUnderThePrefixThatExpiresAfterItsTtl() {
        Task task = aPendingTask().build();

        intake.submit(task, 10, new IdempotencyClaim("keyid-1", "order-42", "fp", Duration.ofHours(24)));

        String name = keys.prefix() + "idem:keyid-1:order-42";
        assertThat(redis.raw().hgetall(name)).containsEntry("fp", "fp").containsEntry("task", task.id().toString())
                .containsKey("created");
        assertThat(redis.raw().pttl(name)).isBetween(1L, Duration.ofHours(24).toMillis());
    }

    /** Two API nodes: each its own client and store over the same keys, racing with one Idempotency-Key. */
    @Test
    void concurrentSubmitsWithOneKeyOnTwoNodesCreateExactlyOneTask() throws Exception {
        RedisTaskStore other = new RedisTaskStore(redis.newConnections(), keys, Duration.ofMinutes(5));
        var start = new CountDownLatch(1);
        List<Future<Submitted>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                Task task = aPendingTask().build();
                RedisTaskStore node = i % 2 == 0 ? (RedisTaskStore) intake : other;
                answers.add(threads.submit(() -> {
                    start.await();
                    return node.submit(task, 100, claim("keyid-1", "twice", "fp"));
                }));
            }
            start.countDown();
        }
        List<Submitted> got = new ArrayList<>();
        for (Future<Submitted> f : answers) {
            got.add(f.get());
        }

        assertThat(got).filteredOn(s -> !s.replayed()).hasSize(1);
        assertThat(got).extracting(Submitted::taskId).containsOnly(got.stream().filter(s -> !s.replayed())
                .findFirst().orElseThrow().taskId());
        assertThat(queue.waitingInAllQueues()).isEqualTo(1);
        assertThat(redis.keysUnder(keys)).filteredOn(k -> k.matches(".*task:[0-9a-f-]{36}")).hasSize(1);
    }
}
