package io.ddiffusion.core.store;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What taking in a task must do, whatever the backend: in-memory here, Redis in the redis module. */
public abstract class TaskIntakeContract {
    protected TaskStore store;
    protected TaskQueue queue;
    protected TaskIntake intake;

    /** Sets {@link #store}, {@link #queue} and {@link #intake}: fresh and empty, the intake using the other two. */
    protected abstract void createBackend();

    @BeforeEach
    void setUpBackend() {
        createBackend();
    }

    @Test
    void aSubmittedTaskIsStoredWithItsQueueEntryAndEveryOtherField() {
        Task task = aPendingTask().withName("videos.kling-2", Queue.CPU)
                .withInputs(Map.of("image", "inputs/x/image.png")).build();

        Task submitted = intake.submit(task);

        assertThat(submitted.queueEntry()).isNotBlank();
        assertThat(submitted.status()).isEqualTo(TaskStatus.PENDING);
        Task found = store.find(task.id()).orElseThrow();
        assertThat(found).isEqualTo(submitted);
        assertThat(found.withVersion(0)).isEqualTo(task.enqueuedAs(submitted.queueEntry()));
    }

    @Test
    void theQueueDeliversTheEntryTheRecordNames() throws Exception {
        Task first = intake.submit(aPendingTask().withName("images.flux-1-pro", Queue.CPU).build());
        Task second = intake.submit(aPendingTask().withName("texts.gpt-4o", Queue.CPU).build());
        queue.heartbeat("w1", Duration.ofSeconds(30));

        List<Delivery> got = queue.claim(Queue.CPU, "w1", 10, Duration.ofMillis(10));

        assertThat(got).extracting(Delivery::taskId).containsExactly(first.id(), second.id());
        assertThat(got).extracting(Delivery::taskName).containsExactly("images.flux-1-pro", "texts.gpt-4o");
        assertThat(got).extracting(Delivery::entryId).containsExactly(first.queueEntry(), second.queueEntry());
        assertThat(queue.waiting(Queue.GPU)).isZero();
    }

    @Test
    void anIdThatExistsIsRefusedAndNothingIsQueued() {
        Task task = aPendingTask().build();
        Task submitted = intake.submit(task);

        assertThatThrownBy(() -> intake.submit(task)).isInstanceOf(IllegalStateException.class);

        assertThat(queue.waiting(task.queue())).isEqualTo(1);
        assertThat(store.find(task.id()).orElseThrow()).isEqualTo(submitted);
    }

    @Test
    void aTaskThatIsQueuedAlreadyIsRefused() {
        Task queued = aPendingTask().build().enqueuedAs("1-1");

        assertThatThrownBy(() -> intake.submit(queued)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.find(queued.id())).isEmpty();
        assertThat(queue.waiting(queued.queue())).isZero();
    }

    @Test
    void aSubmitIsRefusedOnceTheWaitingTasksOfAllQueuesReachTheLimitAndNothingIsRecorded() {
        intake.submit(aPendingTask().withName("images.flux-1", Queue.GPU).build(), 2);
        intake.submit(aPendingTask().withName("texts.gpt-4o", Queue.CPU).build(), 2);
        Task third = aPendingTask().withName("videos.kling-2", Queue.CPU).build();

        assertThatThrownBy(() -> intake.submit(third, 2)).isInstanceOfSatisfying(BacklogFullException.class, e -> {
            assertThat(e.waiting()).isEqualTo(2);
            assertThat(e.limit()).isEqualTo(2);
        });

        assertThat(store.find(third.id())).isEmpty();
        assertThat(queue.waitingInAllQueues()).isEqualTo(2);
        assertThat(intake.submit(third, 3).queueEntry()).isNotBlank();
    }

    @Test
    void tasksTakenByAWorkerNoLongerCountTowardTheLimit() throws Exception {
        Task first = intake.submit(aPendingTask().withName("images.flux-1", Queue.GPU).build(), 1);
        queue.heartbeat("w1", Duration.ofSeconds(30));
        assertThat(queue.claim(Queue.GPU, "w1", 1, Duration.ofMillis(10))).extracting(Delivery::taskId)
                .containsExactly(first.id());

        Task second = intake.submit(aPendingTask().withName("images.flux-1", Queue.GPU).build(), 1);

        assertThat(store.find(second.id())).isPresent();
        assertThatThrownBy(() -> intake.submit(aPendingTask().build(), 1)).isInstanceOf(BacklogFullException.class);
    }

    @Test
    void submitsRacingForTheLastPlacesNeverPassTheLimit() throws Exception {
        int limit = 5;
        int racers = 16;
        var start = new CountDownLatch(1);
        var accepted = new AtomicInteger();
        var refused = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                threads.submit(() -> {
                    start.await();
                    try {
                        intake.submit(aPendingTask().withName("texts.gpt-4o", Queue.CPU).build(), limit);
                        accepted.incrementAndGet();
                    } catch (BacklogFullException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
        }

        assertThat(accepted.get()).isEqualTo(limit);
        assertThat(refused.get()).isEqualTo(racers - limit);
        assertThat(queue.waitingInAllQueues()).isEqualTo(limit);
    }

    // --- Idempotency-Key: the record is written with the task, in one step ---

    protected static IdempotencyClaim claim(String scope, String key, String fingerprint) {
        return new IdempotencyClaim(scope, key, fingerprint, Duration.ofHours(24));
    }

    @Test
    void aSubmitUnderAKeyCreatesAndQueuesTheTaskAndRecordsTheKey() {
        Task task = aPendingTask().build();

        Submitted submitted = intake.submit(task, 10, claim("key-a", "k1", "fp1"));

        assertThat(submitted).isEqualTo(new Submitted(task.id(), false));
        assertThat(store.find(task.id()).orElseThrow().queueEntry()).isNotBlank();
        assertThat(queue.waitingInAllQueues()).isEqualTo(1);
        IdempotencyRecord record = intake.idempotency("key-a", "k1").orElseThrow();
        assertThat(record.taskId()).isEqualTo(task.id());
        assertThat(record.fingerprint()).isEqualTo("fp1");
        assertThat(record.created()).isNotNull();
    }

    @Test
    void theSameKeyAndFingerprintAnswersTheFirstTaskAndCreatesNothing() {
        Task first = aPendingTask().build();
        Task retry = aPendingTask().build();
        intake.submit(first, 10, claim("key-a", "k1", "fp1"));

        Submitted again = intake.submit(retry, 10, claim("key-a", "k1", "fp1"));

        assertThat(again).isEqualTo(new Submitted(first.id(), true));
        assertThat(store.find(retry.id())).isEmpty();
        assertThat(queue.waitingInAllQueues()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherFingerprintIsRefusedAndNothingIsWritten() {
        Task first = aPendingTask().build();
        Task other = aPendingTask().build();
        intake.submit(first, 10, claim("key-a", "k1", "fp1"));

        assertThatThrownBy(() -> intake.submit(other, 10, claim("key-a", "k1", "fp2")))
                .isInstanceOfSatisfying(IdempotencyMismatchException.class, e -> assertThat(e.key())
                        .isEqualTo("k1"));

        assertThat(store.find(other.id())).isEmpty();
        assertThat(queue.waitingInAllQueues()).isEqualTo(1);
        assertThat(intake.idempotency("key-a", "k1").orElseThrow().fingerprint()).isEqualTo("fp1");
    }

    @Test
    void aKeyOfAnotherScopeIsAnotherRecord() {
        Task mine = aPendingTask().build();
        Task theirs = aPendingTask().build();
        intake.submit(mine, 10, claim("key-a", "k1", "fp1"));

        Submitted submitted = intake.submit(theirs, 10, claim("key-b", "k1", "fp1"));

        assertThat(submitted).isEqualTo(new Submitted(theirs.id(), false));
        assertThat(queue.waitingInAllQueues()).isEqualTo(2);
        assertThat(intake.idempotency("key-a", "k1").orElseThrow().taskId()).isEqualTo(mine.id());
        assertThat(intake.idempotency("key-b", "k1").orElseThrow().taskId()).isEqualTo(theirs.id());
        assertThat(intake.idempotency("key-c", "k1")).isEmpty();
    }

    @Test
    void aReplayIsAnsweredWhileTheBacklogIsFullAndARefusedSubmitRecordsNoKey() {
        Task first = aPendingTask().build();
        intake.submit(first, 1, claim("key-a", "k1", "fp1"));
        Task refused = aPendingTask().build();

        assertThat(intake.submit(aPendingTask().build(), 1, claim("key-a", "k1", "fp1")))
                .isEqualTo(new Submitted(first.id(), true));
        assertThatThrownBy(() -> intake.submit(refused, 1, claim("key-a", "k2", "fp2")))
                .isInstanceOf(BacklogFullException.class);

        assertThat(intake.idempotency("key-a", "k2")).as("a refused submit may be retried with its key").isEmpty();
        assertThat(store.find(refused.id())).isEmpty();
        assertThat(intake.submit(refused, 2, claim("key-a", "k2", "fp2"))).isEqualTo(new Submitted(refused.id(),
                false));
    }

    @Test
    void concurrentSubmitsWithOneKeyCreateExactlyOneTask() throws Exception {
        int racers = 16;
        var start = new CountDownLatch(1);
        List<Future<Submitted>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                Task task = aPendingTask().build();
                answers.add(threads.submit(() -> {
                    start.await();
                    return intake.submit(task, 100, claim("key-a", "race", "fp"));
                }));
            }
            start.countDown();
        }
        List<Submitted> got = new ArrayList<>();
        for (Future<Submitted> f : answers) {
            got.add(f.get());
        }

        assertThat(got).filteredOn(s -> !s.replayed()).hasSize(1);
        UUID created = got.stream().filter(s -> !s.replayed()).findFirst().orElseThrow().taskId();
        assertThat(got).extracting(Submitted::taskId).containsOnly(created);
        assertThat(queue.waitingInAllQueues()).isEqualTo(1);
        assertThat(store.find(created)).isPresent();
    }

    @Test
    void aKeyIsFreeAgainOnceItsRecordExpired() throws InterruptedException {
        Task first = aPendingTask().build();
        intake.submit(first, 10, new IdempotencyClaim("key-a", "k1", "fp1", Duration.ofMillis(200)));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (intake.idempotency("key-a", "k1").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(intake.idempotency("key-a", "k1")).as("expired").isEmpty();
        Task later = aPendingTask().build();

        assertThat(intake.submit(later, 10, claim("key-a", "k1", "fp2"))).isEqualTo(new Submitted(later.id(),
                false));
        assertThat(intake.idempotency("key-a", "k1").orElseThrow().taskId()).isEqualTo(later.id());
    }
}
