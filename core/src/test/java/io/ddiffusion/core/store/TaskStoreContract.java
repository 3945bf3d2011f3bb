package io.ddiffusion.core.store;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.IllegalTaskStateException;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every task store must do; in-memory here, Redis in the redis module. */
public abstract class TaskStoreContract {

    /** A fresh, empty store whose records expire {@code retention} after their last write. */
    protected abstract TaskStore createStore(Duration retention);

    /** A fresh queue on {@code store}'s backend, wired as in production: the one its result writes acknowledge on. */
    protected abstract TaskQueue queueFor(TaskStore store);

    @Test
    void anUpdateWithALineAppendsItAndARefusedOneAppendsNothing() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task v1 = store.create(aPendingTask().build());
        store.appendLog(v1.id(), "before");

        Task v2 = store.update(v1.received("w1", 1), "received");

        assertThat(v2.version()).isEqualTo(2);
        assertThatThrownBy(() -> store.update(v1.revoked("cancel", Instant.now()), "revoked"))
                .isInstanceOf(StaleTaskException.class);
        assertThatThrownBy(() -> store.update(aPendingTask().build().withVersion(1), "nobody's"))
                .isInstanceOf(TaskNotFoundException.class);
        assertThat(store.find(v1.id()).orElseThrow()).isEqualTo(v2);
        assertThat(store.logs(v1.id())).containsExactly("before", "received");
    }

    @Test
    void modifyWithALineFromAStaleReadWritesTheChangeAndTheLineOnce() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task v1 = store.create(aPendingTask().build());
        store.update(v1.received("w1", 1));

        Task now = store.modify(v1, t -> t.revoked("cancel", Instant.now()), "cancelled").orElseThrow();

        assertThat(now.version()).isEqualTo(3);
        assertThat(now.status()).isEqualTo(TaskStatus.REVOKED);
        assertThat(store.logs(v1.id())).containsExactly("cancelled");
        assertThat(store.modify(now, t -> t, "unchanged")).contains(now);
        assertThat(store.logs(v1.id())).as("a change that writes nothing still logs").containsExactly("cancelled",
                "unchanged");
    }

    @Test
    void anUpdateThatAcknowledgesStoresTheChangeAndAcknowledgesTheDelivery() throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        TaskQueue queue = queueFor(store);
        Task v1 = store.create(aPendingTask().build());
        Delivery d = claimed(queue, v1, "w1", 1).getFirst();

        Task v2 = store.update(v1.received("w1", 1), queue, d);

        assertThat(store.find(v1.id()).orElseThrow()).isEqualTo(v2);
        assertThat(queue.ack(d)).as("acknowledged already").isFalse();
    }

    @Test
    void aRefusedUpdateAcknowledgesNothing() throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        TaskQueue queue = queueFor(store);
        Task v1 = store.create(aPendingTask().build());
        store.update(v1.received("w1", 1));
        Delivery d = claimed(queue, v1, "w1", 1).getFirst();

        assertThatThrownBy(() -> store.update(v1.revoked("late", Instant.now()), queue, d))
                .isInstanceOf(StaleTaskException.class);
        assertThatThrownBy(() -> store.update(aPendingTask().build().withVersion(1), queue, d))
                .isInstanceOf(TaskNotFoundException.class);
        assertThat(queue.ack(d)).as("still held by the delivery").isTrue();
    }

    @Test
    void anUpdateCarryingAnOlderDeliverysAckLeavesTheNewOwnersEntry() throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        TaskQueue queue = queueFor(store);
        Task v1 = store.create(aPendingTask().build());
        Delivery old = claimed(queue, v1, "frozen", 1).getFirst();
        queue.retire("frozen");
        Delivery taken = queue.reclaim(v1.queue(), "survivor", 10).getFirst();

        store.update(v1.received("survivor", 2), queue, old);

        assertThat(queue.ack(taken)).as("the new owner's entry is still its own").isTrue();
    }

    @Test
    void modifyThatAcknowledgesDoesSoOnceWrittenOrWhenNothingIsLeftToWriteAndNeverWhenTheChangeThrows()
            throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        TaskQueue queue = queueFor(store);
        Task v1 = store.create(aPendingTask().build());
        store.update(v1.received("w1", 1));
        List<Delivery> ds = claimed(queue, v1, "w1", 3);
        java.util.function.UnaryOperator<Task> revoke = t -> t.status().isTerminal() ? t
                : t.revoked("x", Instant.now());

        Task now = store.modify(v1, revoke, queue, ds.get(0)).orElseThrow();
        assertThatThrownBy(() -> store.modify(now, t -> {
            throw new IllegalTaskStateException(t.id(), t.status(), TaskStatus.STARTED);
        }, queue, ds.get(1))).isInstanceOf(IllegalTaskStateException.class);
        assertThat(store.modify(v1, revoke, queue, ds.get(2))).as("from a stale read, nothing to write").contains(now);

        assertThat(now.status()).isEqualTo(TaskStatus.REVOKED);
        assertThat(now.version()).isEqualTo(3);
        assertThat(queue.ack(ds.get(0))).as("written and acknowledged").isFalse();
        assertThat(queue.ack(ds.get(1))).as("the change threw").isTrue();
        assertThat(queue.ack(ds.get(2))).as("acknowledged without a write").isFalse();
    }

    /** {@code entries} entries of {@code t} enqueued, then claimed by {@code worker}. */
    private static List<Delivery> claimed(TaskQueue queue, Task t, String worker, int entries) throws Exception {
        for (int i = 0; i < entries; i++) {
            queue.enqueue(t.queue(), t.id(), t.name());
        }
        List<Delivery> ds = queue.claim(t.queue(), worker, entries, Duration.ZERO);
        assertThat(ds).hasSize(entries);
        return ds;
    }

    @Test
    void findAllReadsTheTasksThatExistInTheOrderAsked() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task a = store.create(aPendingTask().build());
        Task b = store.create(aPendingTask().build());

        assertThat(store.findAll(java.util.List.of(b.id(), UUID.randomUUID(), a.id())))
                .extracting(Task::id).containsExactly(b.id(), a.id());
        assertThat(store.findAll(java.util.List.of())).isEmpty();
    }

    @Test
    void createdTaskIsFoundWithAllItsFieldsAtVersionOne() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = aPendingTask().withInputs(Map.of("image", "inputs/x/image.png")).build().enqueuedAs("5-1");
        store.create(t);

        Task found = store.find(t.id()).orElseThrow();
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.withVersion(0)).isEqualTo(t);
    }

    @Test
    void unknownTaskIsEmpty() {
        assertThat(createStore(Duration.ofMinutes(5)).find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void creatingTheSameIdTwiceFails() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = aPendingTask().build();
        store.create(t);
        assertThatThrownBy(() -> store.create(t)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void updateIncrementsTheVersion() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        Task updated = store.update(t.received("w1", 1));
        assertThat(updated.version()).isEqualTo(2);
        assertThat(store.find(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.RECEIVED);
    }

    @Test
    void staleUpdateIsRefused() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task v1 = store.create(aPendingTask().build());
        store.update(v1.received("w1", 1));
        assertThatThrownBy(() -> store.update(v1.revoked("cancel", Instant.now())))
                .isInstanceOf(StaleTaskException.class);
        assertThat(store.find(v1.id()).orElseThrow().status()).isEqualTo(TaskStatus.RECEIVED);
    }

    @Test
    void updateOfMissingTaskFails() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        assertThatThrownBy(() -> store.update(aPendingTask().build().withVersion(1)))
                .isInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void modifyFromAReadTaskWritesOnceWhenNobodyChangedIt() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task v1 = store.create(aPendingTask().build());

        Task v2 = store.modify(v1, t -> t.received("w1", 1)).orElseThrow();

        assertThat(v2.version()).isEqualTo(2);
        assertThat(store.find(v1.id()).orElseThrow()).isEqualTo(v2);
    }

    @Test
    void modifyFromAStaleReadAppliesTheChangeToTheCurrentTask() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task v1 = store.create(aPendingTask().build());
        store.update(v1.received("w1", 1));
        java.util.List<TaskStatus> seen = new java.util.ArrayList<>();

        Task now = store.modify(v1, t -> {
            seen.add(t.status());
            return t.revoked("cancel", Instant.now());
        }).orElseThrow();

        assertThat(seen).containsExactly(TaskStatus.PENDING, TaskStatus.RECEIVED);
        assertThat(now.version()).isEqualTo(3);
        assertThat(now.worker()).isEqualTo("w1");
        assertThat(store.find(v1.id()).orElseThrow().status()).isEqualTo(TaskStatus.REVOKED);
    }

    @Test
    void modifyFromAReadTaskLeavesAnUnchangedTaskAloneAndAGoneOneEmpty() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task v1 = store.create(aPendingTask().build());

        assertThat(store.modify(v1, t -> t)).contains(v1);
        assertThat(store.find(v1.id()).orElseThrow().version()).isEqualTo(1);
        assertThat(store.modify(aPendingTask().build().withVersion(1), t -> t.received("w1", 1))).isEmpty();
    }

    @Test
    void findWithLogsReadsTheTaskAndItsLinesInOrder() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        store.appendLog(t.id(), "first");
        store.appendLog(t.id(), "second");

        TaskWithLogs found = store.findWithLogs(t.id()).orElseThrow();

        assertThat(found.task()).isEqualTo(t);
        assertThat(found.logs()).containsExactly("first", "second");
        assertThat(store.findWithLogs(store.create(aPendingTask().build()).id()).orElseThrow().logs()).isEmpty();
        assertThat(store.findWithLogs(UUID.randomUUID())).isEmpty();
    }

    @Test
    void concurrentModificationsAreNeverLost() throws Exception {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        int writers = 16;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger appended = new AtomicInteger();
        Thread[] threads = new Thread[writers];
        for (int i = 0; i < writers; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                await(go);
                for (int n = 0; n < 5; n++) {
                    store.modify(t.id(), x -> x.enqueuedAs(String.valueOf(x.version())));
                    appended.incrementAndGet();
                }
            });
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(store.find(t.id()).orElseThrow().version()).isEqualTo(1 + appended.get());
    }

    @Test
    void modifyPropagatesIllegalMoves() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build().revoked("x", Instant.now()));
        assertThatThrownBy(() -> store.modify(t.id(), x -> x.received("w1", 1)))
                .isInstanceOf(IllegalTaskStateException.class);
    }

    @Test
    void logsAreAppendedInOrderAndNeverRewritten() {
        TaskStore store = createStore(Duration.ofMinutes(5));
        Task t = store.create(aPendingTask().build());
        store.appendLog(t.id(), "one");
        store.update(t.received("w1", 1));
        store.appendLog(t.id(), "two");
        assertThat(store.logs(t.id())).containsExactly("one", "two");
        assertThat(store.logs(UUID.randomUUID())).isEmpty();
    }

    @Test
    void recordsAndLogsExpireAfterTheRetention() {
        TaskStore store = createStore(Duration.ofMillis(400));
        Task t = store.create(aPendingTask().build());
        store.appendLog(t.id(), "line");
        sleep(700);
        store.deleteExpired();
        assertThat(store.find(t.id())).isEmpty();
        assertThat(store.logs(t.id())).isEmpty();
    }

    @Test
    void writesExtendTheRetention() {
        TaskStore store = createStore(Duration.ofMillis(600));
        Task t = store.create(aPendingTask().build());
        sleep(400);
        store.update(t.received("w1", 1));
        sleep(400);
        assertThat(store.find(t.id())).isPresent();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
