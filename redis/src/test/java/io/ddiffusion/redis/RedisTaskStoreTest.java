package io.ddiffusion.redis;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.StaleTaskException;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.store.TaskStoreContract;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTaskStoreTest extends TaskStoreContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    private RedisKeys keys;

    @Override
    protected TaskStore createStore(Duration retention) {
        keys = redis.freshKeys();
        return new RedisTaskStore(redis.connections(), keys, retention);
    }

    /** Behind the broker's error proxy, as in production: the store still sees its own queue through it. */
    @Override
    protected TaskQueue queueFor(TaskStore store) {
        return RedisErrors.translating(TaskQueue.class, new RedisTaskQueue(redis.connections(), keys));
    }

    @Test
    void aTaskIsOneHashOfVersionAndJson() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        assertThat(redis.raw().hgetall(keys.task(t.id()))).containsOnlyKeys("v", "json", "w").containsEntry("v", "1")
                .as("no webhook").containsEntry("w", "0");

        store.update(t.received("w1", 1));

        assertThat(redis.raw().hget(keys.task(t.id()), "v")).isEqualTo("2");
        assertThat(redis.raw().hget(keys.task(t.id()), "json")).contains("\"version\":2", "\"RECEIVED\"");
    }

    @Test
    void changesOfATaskCreatedWithoutAWebhookLeaveAnyWebhookKeyAlone() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        String webhook = keys.webhook(t.id());
        redis.raw().hset(webhook, java.util.Map.of("url", "https://hooks.example/x", "events", ",start,logs,"));
        redis.raw().pexpire(webhook, 60_000);

        t = store.update(t.received("w1", 1));
        store.update(t.started(java.time.Instant.now()), "Started on worker w1");

        assertThat(redis.raw().pttl(webhook)).as("not extended").isLessThanOrEqualTo(60_000L);
        assertThat(redis.raw().zcard(keys.webhooksDue())).as("nothing scheduled").isZero();
        Task hooked = store.create(aPendingTask().build().withWebhook(new io.ddiffusion.core.webhooks.Webhook(
                "https://hooks.example/x", List.of(io.ddiffusion.schema.common.WebhookEvent.START))));
        assertThat(redis.raw().hget(keys.task(hooked.id()), "w")).isEqualTo("1");
    }

    @Test
    void ofConcurrentUpdatesFromOneVersionExactlyOneWins() throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task v1 = store.create(aPendingTask().build());
        int writers = 32;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> lost = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String worker = "w" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                try {
                    store.update(v1.received(worker, 1));
                    won.incrementAndGet();
                } catch (Throwable e) {
                    lost.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(won.get()).isEqualTo(1);
        assertThat(lost).hasSize(writers - 1).allSatisfy(e -> assertThat(e)
                .isInstanceOf(StaleTaskException.class).hasMessageContaining("expected version 1, found 2"));
        assertThat(store.find(v1.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void underContentionTheVersionCountsEverySuccessfulUpdate() throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        int writers = 32;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                for (int n = 0; n < 10; n++) {
                    Task current = store.find(t.id()).orElseThrow();
                    try {
                        store.update(current.enqueuedAs(UUID.randomUUID().toString()));
                        won.incrementAndGet();
                    } catch (StaleTaskException e) {
                        stale.incrementAndGet();
                    }
                }
            }));
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }

        assertThat(won.get() + stale.get()).isEqualTo(writers * 10);
        assertThat(store.find(t.id()).orElseThrow().version()).isEqualTo(won.get() + 1L);
        assertThat(redis.raw().hget(keys.task(t.id()), "v")).isEqualTo(Long.toString(won.get() + 1L));
    }

    @Test
    void recordAndLogsExpireInRedisAfterTheRetention() {
        TaskStore store = createStore(Duration.ofMillis(500));
        Task t = store.create(aPendingTask().build());
        store.appendLog(t.id(), "line");
        assertThat(redis.raw().pttl(keys.task(t.id()))).isBetween(1L, 500L);
        assertThat(redis.raw().pttl(keys.taskLogs(t.id()))).isBetween(1L, 500L);

        await().atMost(Duration.ofSeconds(3))
                .until(() -> redis.raw().exists(keys.task(t.id()), keys.taskLogs(t.id())) == 0);
        assertThat(store.find(t.id())).isEmpty();
        assertThat(store.deleteExpired()).isZero();
    }

    @Test
    void logLinesNeverOutliveTheirRecord() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        redis.raw().pexpire(keys.task(t.id()), 2_000);

        store.appendLog(t.id(), "line");

        assertThat(redis.raw().pttl(keys.taskLogs(t.id()))).isBetween(1L, 2_000L);
    }

    @Test
    void logLinesOfUnknownTasksAreNotStored() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        UUID unknown = UUID.randomUUID();

        store.appendLog(unknown, "line");

        assertThat(redis.raw().exists(keys.taskLogs(unknown))).isZero();
        assertThat(store.logs(unknown)).isEmpty();
    }

    @Test
    void aNewTaskDoesNotInheritLinesLeftUnderItsId() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = aPendingTask().build();
        redis.raw().rpush(keys.taskLogs(t.id()), "left over");

        store.create(t);

        assertThat(store.logs(t.id())).isEmpty();
    }

    @Test
    void updatesKeepWorkingAfterRedisForgetsItsScripts() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        redis.raw().scriptFlush();

        Task updated = store.update(t.received("w1", 1));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(store.find(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.RECEIVED);
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
