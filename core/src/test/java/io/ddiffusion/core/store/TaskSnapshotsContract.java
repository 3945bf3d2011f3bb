package io.ddiffusion.core.store;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.QueuePosition;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a status read must show, whatever the backend: the record, its logs and the queue position exactly as the
 * store and the queue report them one by one. In-memory here, Redis in the redis module.
 */
public abstract class TaskSnapshotsContract {
    protected TaskStore store;
    protected TaskQueue queue;
    protected TaskIntake intake;
    protected TaskSnapshots snapshots;

    /** Sets {@link #store}, {@link #queue}, {@link #intake} and {@link #snapshots}: fresh, empty, one backend. */
    protected abstract void createBackend();

    @BeforeEach
    void setUpBackend() {
        createBackend();
    }

    @Test
    void aWaitingTaskIsReadWithItsLogsAndItsPlaceInItsQueue() {
        Task first = intake.submit(aPendingTask().build());
        Task second = intake.submit(aPendingTask().build());
        store.appendLog(second.id(), "one");
        store.appendLog(second.id(), "two");

        TaskSnapshot read = snapshots.find(second.id()).orElseThrow();

        assertThat(read.task()).isEqualTo(second);
        assertThat(read.logs()).containsExactly("one", "two");
        assertThat(read.position()).isEqualTo(new QueuePosition(2, "gpu", 2));
        assertThat(snapshots.find(first.id()).orElseThrow().position()).isEqualTo(new QueuePosition(1, "gpu", 2));
        assertThat(snapshots.find(first.id()).orElseThrow().logs()).isEmpty();
    }

    @Test
    void thePositionIsCountedInTheTasksOwnQueue() {
        intake.submit(aPendingTask().build());
        intake.submit(aPendingTask().build());
        Task cpu = intake.submit(aPendingTask().withName("texts.gpt-4o", Queue.CPU).build());
        Task comfy = intake.submit(aPendingTask().withName("workflows.comfy", Queue.COMFY).build());

        assertThat(snapshots.find(cpu.id()).orElseThrow().position()).isEqualTo(new QueuePosition(1, "cpu", 1));
        assertThat(snapshots.find(comfy.id()).orElseThrow().position()).isEqualTo(new QueuePosition(1, "comfy", 1));
    }

    @Test
    void aClaimedTaskHasNoPositionWhileItsRecordStillSaysPending() throws Exception {
        Task first = intake.submit(aPendingTask().build());
        Task second = intake.submit(aPendingTask().build());
        queue.heartbeat("w1", Duration.ofSeconds(30));

        assertThat(queue.claim(Queue.GPU, "w1", 1, Duration.ofMillis(10))).extracting(Delivery::taskId)
                .containsExactly(first.id());

        TaskSnapshot claimed = snapshots.find(first.id()).orElseThrow();
        assertThat(claimed.task().status()).isEqualTo(TaskStatus.PENDING);
        assertThat(claimed.position()).isNull();
        assertThat(snapshots.find(second.id()).orElseThrow().position()).isEqualTo(new QueuePosition(1, "gpu", 1));
    }

    @Test
    void aTaskThatNoLongerWaitsHasNoPositionEvenWithItsEntryStillQueued() {
        Task waiting = intake.submit(aPendingTask().build());
        Task revoked = store.update(waiting.revoked("cancelled", Instant.now()));

        TaskSnapshot read = snapshots.find(waiting.id()).orElseThrow();

        assertThat(queue.position(Queue.GPU, waiting.queueEntry())).isPresent();
        assertThat(read.task()).isEqualTo(revoked);
        assertThat(read.position()).isNull();
    }

    @Test
    void aRequeuedTaskStandsAtTheBackUnderItsNewEntry() throws Exception {
        Task first = intake.submit(aPendingTask().build());
        Task second = intake.submit(aPendingTask().build());
        queue.heartbeat("w1", Duration.ofSeconds(30));
        queue.claim(Queue.GPU, "w1", 1, Duration.ofMillis(10));
        Task received = store.update(first.received("w1", 1));

        String entry = queue.enqueue(Queue.GPU, first.id(), first.name());
        store.update(received.requeued(entry));

        assertThat(snapshots.find(first.id()).orElseThrow().position()).isEqualTo(new QueuePosition(2, "gpu", 2));
        assertThat(snapshots.find(second.id()).orElseThrow().position()).isEqualTo(new QueuePosition(1, "gpu", 2));
    }

    @Test
    void fieldsOfTheRequestThatLookLikeAnotherTasksAreNotMistakenForTheTasksOwn() {
        Task other = intake.submit(aPendingTask().withName("texts.gpt-4o", Queue.CPU).build());
        Task task = intake.submit(aPendingTask()
                .withRequest("{\"status\":\"PENDING\",\"queue\":\"CPU\",\"queueEntry\":\"" + other.queueEntry()
                        + "\"}")
                .withInputs(Map.of("status", "PENDING", "queue", "CPU", "queueEntry", other.queueEntry())).build());
        assertThat(snapshots.find(task.id()).orElseThrow().position()).isEqualTo(new QueuePosition(1, "gpu", 1));
        Task done = store.update(task.received("w1", 1));
        done = store.update(done.started(Instant.now()));
        done = store.update(done.succeeded(List.of(), "ok", Instant.now()));

        TaskSnapshot read = snapshots.find(task.id()).orElseThrow();

        assertThat(read.task()).isEqualTo(done);
        assertThat(read.position()).isNull();
    }

    @Test
    void anUnknownTaskIsEmpty() {
        assertThat(snapshots.find(UUID.randomUUID())).isEmpty();
    }
}
