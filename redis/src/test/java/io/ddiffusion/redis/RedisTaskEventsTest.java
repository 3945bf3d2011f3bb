package io.ddiffusion.redis;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.core.events.TaskEvents;
import io.ddiffusion.core.events.TaskEventsContract;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTaskEventsTest extends TaskEventsContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    private final List<RedisTaskEvents> opened = new ArrayList<>();
    private RedisKeys keys;

    @Override
    protected Backend backend() {
        keys = redis.freshKeys();
        return new Backend(new RedisTaskStore(redis.connections(), keys, Duration.ofMinutes(5)), node(
                redis.newConnections()));
    }

    private RedisTaskEvents node(RedisConnections connections) {
        RedisTaskEvents events = new RedisTaskEvents(connections, keys);
        opened.add(events);
        return events;
    }

    @AfterEach
    void closeReaders() {
        opened.forEach(RedisTaskEvents::close);
    }

    @Test
    void eachApiNodeSeesTheEventsAWorkerElsewhereWrote() {
        Backend b = backend();
        RedisTaskEvents otherNode = node(redis.newConnections());
        TaskStore worker = new RedisTaskStore(redis.newConnections(), keys, Duration.ofMinutes(5));
        Task t = b.store().create(aPendingTask().build());
        List<TaskEvent> onFirst = new CopyOnWriteArrayList<>();
        List<TaskEvent> onSecond = new CopyOnWriteArrayList<>();

        try (var s1 = b.events().subscribe(t.id(), null, onFirst::addAll);
                var s2 = otherNode.subscribe(t.id(), null, onSecond::addAll)) {
            worker.update(t.received("w1", 1));
            worker.appendLog(t.id(), "from the worker");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(onFirst).extracting(TaskEvent::value).containsExactly("RECEIVED", "from the worker");
                assertThat(onSecond).extracting(TaskEvent::id).containsExactlyElementsOf(onFirst.stream()
                        .map(TaskEvent::id).toList());
            });
        }
    }

    @Test
    void oneBlockingConnectionServesEverySubscriptionOfANode() {
        RedisConnections connections = redis.newConnections();
        keys = redis.freshKeys();
        TaskStore store = new RedisTaskStore(redis.connections(), keys, Duration.ofMinutes(5));
        RedisTaskEvents events = node(connections);
        List<TaskEvents.Subscription> subs = new ArrayList<>();
        List<TaskEvent> got = new CopyOnWriteArrayList<>();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Task t = store.create(aPendingTask().build());
            tasks.add(t);
            subs.add(events.subscribe(t.id(), null, got::addAll));
        }
        tasks.forEach(t -> store.appendLog(t.id(), "line of " + t.id()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(got).hasSize(50));
        assertThat(connections.blockingConnections()).isEqualTo(1);
        assertThat(events.watchedTasks()).isEqualTo(50);

        subs.forEach(TaskEvents.Subscription::close);
        store.appendLog(tasks.getFirst().id(), "wakes the reader");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events.watchedTasks()).isZero());
    }

    @Test
    void theEventStreamIsCappedAndExpiresWithTheRecord() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        b.store().appendLog(t.id(), "line");
        redis.raw().pexpire(keys.task(t.id()), 2_000);

        b.store().appendLog(t.id(), "another");
        assertThat(redis.raw().pttl(keys.taskEvents(t.id()))).isBetween(1L, 2_000L);

        b.store().update(t.received("w1", 1));
        assertThat(redis.raw().pttl(keys.taskEvents(t.id()))).isBetween(2_000L, Duration.ofMinutes(5).toMillis());
        assertThat(redis.raw().xlen(keys.taskEvents(t.id()))).isEqualTo(3);
    }

    @Test
    void aSubscriptionMissesNothingWhileRedisCommandsFailAndResumes() {
        Backend b = backend();
        Task t = b.store().create(aPendingTask().build());
        List<TaskEvent> got = new CopyOnWriteArrayList<>();
        try (var s = b.events().subscribe(t.id(), null, got::addAll)) {
            b.store().appendLog(t.id(), "before");
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            // why: kills the reader's connection (only that one: other tests share this Redis), as a network
            // failure would
            long reader = ((RedisTaskEvents) b.events()).readerClientId();
            assertThat(redis.raw().clientKill(io.lettuce.core.KillArgs.Builder.id(reader))).isEqualTo(1);
            b.store().appendLog(t.id(), "after");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(got)
                    .extracting(TaskEvent::value).containsExactly("before", "after"));
        }
    }
}
