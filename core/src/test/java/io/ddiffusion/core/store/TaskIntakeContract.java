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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
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
}
