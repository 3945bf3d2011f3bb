package io.ddiffusion.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.storage.StorageKeys;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.testing.EchoHandler;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's guarantees, proven on every broker and store: in-process here, Redis in the redis module. Uses
 * {@link EchoHandler}, whose prompt scripts what the handler does.
 */
public abstract class WorkerContract {
    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path storageDir;

    protected WorkerHarness h;

    protected abstract TaskQueue createQueue();

    protected abstract TaskStore createStore(Duration retention);

    @BeforeEach
    void setUpHarness() {
        EchoHandler.reset();
        h = new WorkerHarness(createQueue(), createStore(Duration.ofMinutes(5)),
                new FilesystemBlobStorage(storageDir), handlersWithoutFlux());
    }

    /** What the test's local-model status source reports as loaded. */
    private static final java.util.List<String> LOADED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static HandlerRegistry handlersWithoutFlux() {
        LOADED.clear();
        HandlerRegistry.Builder b = HandlerRegistry.builder();
        new EchoHandlerProvider().register(b, null);
        HandlerRegistry all = b.build();
        HandlerRegistry.Builder filtered = HandlerRegistry.builder();
        all.taskNames().stream().filter(n -> !n.equals(ImageModel.FLUX_1.taskName()))
                .forEach(n -> filtered.register(n, all.find(n).orElseThrow()));
        filtered.modelStatus(new HandlerRegistry.ModelStatus() {
            @Override
            public java.util.List<String> loadedModels() {
                return java.util.List.copyOf(LOADED);
            }

            @Override
            public java.util.Optional<String> device() {
                return LOADED.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("cpu");
            }
        });
        return filtered.build();
    }

    @AfterEach
    void tearDownHarness() {
        h.close();
        h.queue.close();
        h.store.close();
    }

    @Test
    void taskRunsAndItsResultIsStoredBeforeTheEntryIsAcknowledged() throws Exception {
        UUID id = h.submitImage("steps=4;sleep=200;log=hello");
        h.worker("w");

        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
        Task t = h.task(id);
        assertThat(t.outputs()).containsExactly("images/sd-xl/" + id + "-0.png");
        assertThat(h.storage.open(t.outputs().getFirst())).isPresent();
        assertThat(t.progress().step()).isEqualTo(4);
        assertThat(t.attempts()).isEqualTo(1);
        assertThat(t.startedAt()).isNotNull();
        assertThat(t.finishedAt()).isAfterOrEqualTo(t.startedAt());
        assertThat(h.store.logs(id)).contains("hello");
        assertThat(h.queue.waiting(Queue.GPU)).isZero();
        assertThat(h.queue.reclaim(Queue.GPU, "anyone", 10)).as("acknowledged").isEmpty();
    }

    @Test
    void aLiveWorkerPublishesItsQueuesRunningTasksAndLoadedModels() {
        Worker w = h.worker("w");
        await().atMost(SOON).until(() -> h.queue.workers().stream().anyMatch(s -> s.id().equals(w.id())));
        var first = h.queue.workers().stream().filter(s -> s.id().equals(w.id())).findFirst().orElseThrow();
        assertThat(first.queues()).containsExactlyInAnyOrderEntriesOf(Map.of("gpu", 1, "cpu", 4));
        assertThat(first.loadedModels()).isEmpty();
        assertThat(first.device()).isNull();
        assertThat(first.host()).isNotBlank();
        assertThat(first.startedAt()).isNotNull();

        LOADED.add("depth-anything-2/model");
        UUID id = h.submitImage("sleep=3000");
        await().atMost(SOON).until(() -> h.queue.workers().stream().anyMatch(s -> s.id().equals(w.id())
                && s.running() == 1 && s.loadedModels().equals(java.util.List.of("depth-anything-2/model"))
                && "cpu".equals(s.device())));

        w.close();
        assertThat(h.queue.workers()).extracting(io.ddiffusion.core.queue.WorkerStatus::id).doesNotContain(w.id());
        assertThat(id).isNotNull();
    }

    @Test
    void inputsAreDeletedWhenTheTaskFinishes() throws Exception {
        UUID task = UUID.randomUUID();
        String key = StorageKeys.inputsPrefix(task) + "image.png";
        h.storage.put(key, new ByteArrayInputStream(EchoHandler.PNG));
        h.submit(task, ImageModel.SD_XL, "x", Map.of("image", key));
        h.worker("w");

        await().atMost(SOON).until(() -> h.task(task).status() == TaskStatus.SUCCESS);
        await().atMost(SOON).until(() -> h.storage.open(key).isEmpty());
        String output = h.task(task).outputs().getFirst();
        assertThat(h.storage.open(output).orElseThrow().size()).as("echoes the input").isEqualTo(
                EchoHandler.PNG.length);
    }

    @Test
    void failureKeepsTheLogsAndAUsefulMessage() {
        UUID id = h.submitImage("log=loading pipeline;fail=CUDA out of memory");
        h.worker("w");

        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.FAILURE);
        assertThat(h.task(id).error()).isEqualTo("CUDA out of memory");
        assertThat(h.store.logs(id)).contains("loading pipeline").anyMatch(l -> l.contains("CUDA out of memory"));
        assertThat(h.task(id).outputs()).isEmpty();
    }

    @Test
    void taskWithoutAHandlerFailsWithAClearMessage() {
        UUID id = h.submit(ImageModel.FLUX_1, "x", Map.of());
        h.worker("w");

        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.FAILURE);
        assertThat(h.task(id).error()).contains("No worker handler for images.flux-1");
    }

    @Test
    void cancelledQueuedTaskNeverRuns() throws Exception {
        UUID id = h.submitImage("x");
        Task t = h.task(id);
        h.store.modify(id, x -> x.revoked("Task cancellation requested", Instant.now()));
        assertThat(h.queue.remove(Queue.GPU, t.queueEntry())).isTrue();
        UUID after = h.submitImage("x");
        h.worker("w");

        await().atMost(SOON).until(() -> h.task(after).status() == TaskStatus.SUCCESS);
        assertThat(EchoHandler.RUNS).doesNotContainKey(id.toString());
        assertThat(h.task(id).status()).isEqualTo(TaskStatus.REVOKED);
    }

    @Test
    void cancelledTaskThatAWorkerAlreadyTookIsSkipped() throws Exception {
        UUID id = h.submitImage("x");
        h.store.modify(id, x -> x.revoked("Task cancellation requested", Instant.now()));
        h.worker("w");
        UUID after = h.submitImage("x");

        await().atMost(SOON).until(() -> h.task(after).status() == TaskStatus.SUCCESS);
        assertThat(EchoHandler.RUNS).doesNotContainKey(id.toString());
        assertThat(h.queue.waiting(Queue.GPU)).isZero();
    }

    @Test
    void cancellingARunningTaskStopsItsHandlerAndFreesTheSlot() {
        UUID running = h.submitImage("steps=600;sleep=60000");
        Worker w = h.worker("w");
        await().atMost(SOON).until(() -> h.task(running).status() == TaskStatus.STARTED);

        h.store.modify(running, x -> x.revoked("Task cancellation requested", Instant.now()));

        await().atMost(SOON).until(() -> EchoHandler.CANCELLED.containsKey(running.toString()));
        assertThat(EchoHandler.CANCELLED.get(running.toString())).isEqualTo("REVOKED");
        await().atMost(SOON).until(() -> w.runningCount() == 0);
        UUID next = h.submitImage("x");
        await().atMost(SOON).until(() -> h.task(next).status() == TaskStatus.SUCCESS);
        assertThat(h.task(running).status()).isEqualTo(TaskStatus.REVOKED);
        assertThat(h.store.logs(running)).anyMatch(l -> l.contains("Cancelled while running"));
    }

    @Test
    void softTimeLimitFiresTheCancellationTokenAndFailsTheTask() {
        UUID id = h.submitImage("steps=300;sleep=30000");
        h.worker("w", WorkerHarness.queues(1, 1, Duration.ofMillis(600), Duration.ofSeconds(20)), 3,
                Duration.ofSeconds(1));

        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.FAILURE);
        assertThat(h.task(id).error()).contains("soft time limit of 0 s").contains("gpu queue");
        assertThat(EchoHandler.CANCELLED.get(id.toString())).isEqualTo("SOFT_TIME_LIMIT");
    }

    @Test
    void hardTimeLimitFailsAHandlerThatIgnoresCancellationAndRecoversTheSlot() {
        UUID stubborn = h.submitImage("ignore-cancel;sleep=8000");
        Worker w = h.worker("w", WorkerHarness.queues(1, 1, Duration.ofMillis(300), Duration.ofMillis(900)), 3,
                Duration.ofSeconds(1));

        await().atMost(SOON).until(() -> h.task(stubborn).status() == TaskStatus.FAILURE);
        assertThat(h.task(stubborn).error()).contains("hard time limit");
        UUID next = h.submitImage("x");
        await().atMost(SOON).until(() -> h.task(next).status() == TaskStatus.SUCCESS);
        assertThat(EchoHandler.RUNS.get(stubborn.toString())).hasValue(1);
        assertThat(w.runningCount()).isZero();
    }

    @Test
    void aWorkerNeverRunsMoreTasksThanItHasSlots() {
        UUID[] ids = new UUID[6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = h.submitImage("sleep=150");
        }
        h.worker("w");

        await().atMost(SOON).until(() -> {
            for (UUID id : ids) {
                if (h.task(id).status() != TaskStatus.SUCCESS) {
                    return false;
                }
            }
            return true;
        });
        assertThat(EchoHandler.MAX_CONCURRENT.get()).isEqualTo(1);
    }

    @Test
    void cpuQueueRunsTasksConcurrently() {
        UUID[] ids = new UUID[4];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = h.submit(ImageModel.FLUX_1_PRO, "sleep=6000", Map.of());
        }
        h.worker("w");

        // why: long enough that a thread started late on a loaded machine still overlaps the others
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(ids)
                .allMatch(id -> h.task(id).status() == TaskStatus.SUCCESS));
        assertThat(EchoHandler.MAX_CONCURRENT.get()).isEqualTo(4);
    }

    @Test
    void taskOfAWorkerThatDiedIsReclaimedAndRunByAnother() {
        UUID id = h.submitImage("steps=100;sleep=15000");
        Worker dying = h.worker("dying");
        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.STARTED);
        dying.halt();
        EchoHandler.RUNS.clear();
        h.worker("survivor");

        await().atMost(Duration.ofSeconds(20)).until(() -> EchoHandler.RUNS.containsKey(id.toString()));
        await().atMost(SOON).until(() -> h.task(id).worker() != null && h.task(id).worker().startsWith("survivor"));
        assertThat(h.task(id).attempts()).isEqualTo(2);
        assertThat(h.store.logs(id)).anyMatch(l -> l.contains("taken over by worker survivor"));
    }

    @Test
    void tasksReclaimedByAWorkerWithFreeSlotsRunOnceThere() {
        UUID[] ids = {h.submit(ImageModel.FLUX_1_PRO, "steps=30;sleep=3000", Map.of()),
            h.submit(ImageModel.FLUX_1_PRO, "steps=30;sleep=3000", Map.of())};
        Worker dying = h.worker("dying");
        // why: a task shows STARTED just before its handler runs; the dying worker's runs must be counted before the
        // count is cleared
        await().atMost(SOON).until(() -> java.util.Arrays.stream(ids)
                .allMatch(id -> EchoHandler.RUNS.containsKey(id.toString())));
        dying.halt();
        EchoHandler.RUNS.clear();
        // why: with free slots left after the reclaim, the same round also takes back entries the worker holds but
        // does not run; the ones it has just reclaimed are not running yet and must not be delivered to it again
        h.worker("survivor");

        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(ids)
                .allMatch(id -> h.task(id).status() == TaskStatus.SUCCESS));
        for (UUID id : ids) {
            assertThat(h.task(id).attempts()).as("attempts of %s", id).isEqualTo(2);
            assertThat(EchoHandler.RUNS.get(id.toString())).as("runs of %s on the survivor", id).hasValue(1);
        }
    }

    @Test
    void runningTaskIsNotRedeliveredWhileItsWorkerHeartbeats() throws Exception {
        UUID id = h.submitImage("steps=30;sleep=3000");
        h.worker("first");
        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.STARTED);
        h.worker("second");

        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
        assertThat(EchoHandler.RUNS.get(id.toString())).hasValue(1);
        assertThat(h.task(id).attempts()).isEqualTo(1);
    }

    @Test
    void aWorkerThatWakesUpAfterItsTaskWasTakenOverStopsItsCopyAndOverwritesNothing() {
        UUID id = h.submitImage("steps=60;sleep=6000;checkpoint");
        Worker frozen = h.worker("frozen");
        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.STARTED);
        // why: like a frozen or cut-off process, it stops heartbeating while its handler goes on writing progress
        frozen.halt();
        h.worker("survivor");

        await().atMost(Duration.ofSeconds(20)).until(() -> "TAKEN_OVER".equals(EchoHandler.CANCELLED
                .get(id.toString())));
        assertThat(h.task(id).worker()).startsWith("survivor");
        assertThat(h.task(id).attempts()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
        assertThat(h.task(id).worker()).as("the old copy's writes were refused").startsWith("survivor");
        assertThat(h.task(id).attempts()).isEqualTo(2);
        assertThat(h.store.logs(id)).as("the new owner attached to the job the first attempt recorded")
                .contains("attached to job-" + id);
    }

    @Test
    void theWatcherNeverStopsACopyOnAReadOlderThanItsStart() {
        // why: a read sent before the start was written and looked at after it shows no owner, which once looked
        // like a takeover, and the worker stopped its own fresh copy (then took it back as a second attempt)
        WorkerHarness racing = new WorkerHarness(h.queue, StaleWatcherReadStore.around(h.store), h.storage,
                h.handlers);
        try {
            UUID id = racing.submitImage("steps=5;sleep=1000");
            racing.worker("w");

            await().atMost(Duration.ofSeconds(20)).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
            assertThat(EchoHandler.CANCELLED).doesNotContainKey(id.toString());
            assertThat(h.task(id).attempts()).isEqualTo(1);
            assertThat(EchoHandler.RUNS.get(id.toString())).hasValue(1);
        } finally {
            racing.close();
        }
    }

    @Test
    void aCopyWhoseTaskAnotherWorkerFinishedMeanwhileStopsAtOnce() {
        UUID id = h.submitImage("steps=1;sleep=15000");
        h.worker("late");
        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.STARTED);
        // why: as after a freeze past the heartbeat time-out: another worker took the task over and finished it,
        // while this copy writes nothing until its handler ends (a provider job polled in silence)
        Instant now = Instant.now();
        h.store.modify(id, t -> t.requeued("entry-of-the-new-owner").received("new-owner", 2).started(now)
                .succeeded(java.util.List.of(), "done elsewhere", now));

        await().atMost(Duration.ofSeconds(3)).until(() -> "TAKEN_OVER".equals(EchoHandler.CANCELLED
                .get(id.toString())));
        assertThat(h.task(id).worker()).isEqualTo("new-owner");
        assertThat(h.task(id).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(h.task(id).text()).isEqualTo("done elsewhere");
    }

    @Test
    void aCopyThatWakesUpAfterItsTaskWasFinishedElsewhereWritesNoOutput() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        HandlerRegistry silent = HandlerRegistry.builder().register(new ImageHandler() {
            @Override
            public ImageModel model() {
                return ImageModel.SD_XL;
            }

            @Override
            public java.util.List<String> run(ImageContext context) throws Exception {
                running.countDown();
                // why: waits in silence, as on a provider job, then saves its image
                Thread.sleep(1500);
                return java.util.List.of(context.savePng(EchoHandler.PNG));
            }
        }, java.util.List.of()).build();
        WorkerHarness frozen = new WorkerHarness(h.queue, h.store, h.storage, silent);
        try {
            UUID id = frozen.submitImage("x");
            Worker w = frozen.worker("frozen");
            assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // why: as a frozen process: no heartbeat and no watcher, the handler goes on; meanwhile another worker
            // takes the task over and finishes it with its own output under the same key
            w.halt();
            String key = StorageKeys.output("images", "sd-xl", id, 0, "png");
            h.storage.put(key, new ByteArrayInputStream(new byte[] {42}));
            Instant now = Instant.now();
            h.store.modify(id, t -> t.requeued("entry-of-the-new-owner").received("new-owner", 2).started(now)
                    .succeeded(java.util.List.of(key), null, now));

            Thread.sleep(2500);
            assertThat(h.storage.open(key).orElseThrow().size()).as("the new owner's one-byte output").isEqualTo(1);
            assertThat(h.task(id).worker()).isEqualTo("new-owner");
            assertThat(h.task(id).outputs()).containsExactly(key);
        } finally {
            frozen.close();
        }
    }

    @Test
    void afterHeartbeatsFailedLongerThanTheirTimeOutLiveWorkersKeepTheirTasks() throws Exception {
        OutageQueue broker = new OutageQueue(h.queue);
        WorkerHarness outage = new WorkerHarness(broker, h.store, h.storage, h.handlers);
        try {
            UUID id = outage.submitImage("steps=50;sleep=5000");
            outage.worker("first");
            await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.STARTED);
            outage.worker("second");
            Thread.sleep(1500); // both have been steady for a heartbeat time-out: reclaiming is allowed

            // why: every heartbeat expires while the workers' other calls go on; a worker that trusted expired
            // heartbeats alone would take the task of a worker that is alive and running it
            broker.heartbeatsDown = true;
            Thread.sleep(1600);
            broker.heartbeatsDown = false;

            await().atMost(Duration.ofSeconds(20)).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
            assertThat(h.task(id).attempts()).as("nobody took the task of a live worker").isEqualTo(1);
            assertThat(h.task(id).worker()).startsWith("first");
            assertThat(EchoHandler.RUNS.get(id.toString())).hasValue(1);
        } finally {
            outage.close();
        }
    }

    @Test
    void afterHeartbeatsStalledLongerThanTheirTimeOutLiveWorkersKeepTheirTasks() throws Exception {
        OutageQueue broker = new OutageQueue(h.queue);
        WorkerHarness outage = new WorkerHarness(broker, h.store, h.storage, h.handlers);
        try {
            UUID id = outage.submitImage("steps=50;sleep=5000");
            outage.worker("first");
            await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.STARTED);
            outage.worker("second");
            Thread.sleep(1500); // both have been steady for a heartbeat time-out: reclaiming is allowed

            // why: a Redis client queues the commands of a broken connection and sends them once it reconnects, so
            // after an outage shorter than the command time-out no call failed, yet every heartbeat expired
            broker.heartbeatsStalled = true;
            Thread.sleep(1600);
            broker.heartbeatsStalled = false;

            await().atMost(Duration.ofSeconds(20)).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
            assertThat(h.task(id).attempts()).as("nobody took the task of a live worker").isEqualTo(1);
            assertThat(h.task(id).worker()).startsWith("first");
            assertThat(EchoHandler.RUNS.get(id.toString())).hasValue(1);
        } finally {
            outage.close();
        }
    }

    @Test
    void aFinishedTaskWhoseAcknowledgementFailedIsTakenBackAndAcknowledgedOnceTheBrokerAnswers() {
        OutageQueue broker = new OutageQueue(h.queue);
        WorkerHarness outage = new WorkerHarness(broker, h.store, h.storage, h.handlers);
        try {
            UUID id = outage.submitImage("steps=1;sleep=50");
            broker.failAcks = true;
            outage.worker("w");
            await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
            // the acknowledgement is retried for three heartbeat time-outs (3 s here), then left for a take-back
            await().pollDelay(Duration.ofSeconds(4)).atMost(SOON).until(() -> true);
            assertThat(broker.acked).doesNotContainKey(id);

            broker.failAcks = false;

            await().atMost(SOON).until(() -> broker.acked.containsKey(id));
            assertThat(h.task(id).status()).isEqualTo(TaskStatus.SUCCESS);
            assertThat(EchoHandler.RUNS.get(id.toString())).as("a finished task is not run again").hasValue(1);
        } finally {
            outage.close();
        }
    }

    @Test
    void aWorkerThatCannotRunATaskHandsItToALiveWorkerThatCan() {
        java.util.concurrent.atomic.AtomicBoolean ranHere = new java.util.concurrent.atomic.AtomicBoolean();
        HandlerRegistry withoutToken = HandlerRegistry.builder().register(new ImageHandler() {
            @Override
            public ImageModel model() {
                return ImageModel.FLUX_1_PRO;
            }

            @Override
            public java.util.Optional<String> unavailableReason() {
                return java.util.Optional.of("REPLICATE_API_TOKEN is not set on this worker");
            }

            @Override
            public java.util.List<String> run(ImageContext context) {
                ranHere.set(true);
                throw new IllegalStateException("REPLICATE_API_TOKEN is not set on this worker");
            }
        }, java.util.List.of()).build();
        var oneCpuSlot = WorkerHarness.queues(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(40));
        UUID busy = h.submit(ImageModel.FLUX_1_PRO, "sleep=2000", Map.of());
        h.worker("capable", oneCpuSlot, 3, Duration.ofSeconds(1));
        await().atMost(SOON).until(() -> h.task(busy).status() == TaskStatus.STARTED);
        WorkerHarness incapable = new WorkerHarness(h.queue, h.store, h.storage, withoutToken);
        try {
            incapable.worker("incapable", oneCpuSlot, 3, Duration.ofSeconds(1));
            UUID id = h.submit(ImageModel.FLUX_1_PRO, "x", Map.of());

            await().atMost(Duration.ofSeconds(20)).until(() -> h.task(id).status() == TaskStatus.SUCCESS);
            assertThat(h.task(id).worker()).startsWith("capable");
            assertThat(ranHere).as("the worker without the token never ran it").isFalse();
            assertThat(h.store.logs(id)).anyMatch(l -> l.contains("cannot run it (REPLICATE_API_TOKEN is not set on "
                    + "this worker); handed back to the cpu queue"));
        } finally {
            incapable.close();
        }
    }

    @Test
    void taskReclaimedMoreOftenThanTheLimitFailsInsteadOfCrashLooping() {
        UUID id = h.submitImage("steps=100;sleep=15000");
        var queues = WorkerHarness.queues(1, 1, Duration.ofSeconds(60), Duration.ofSeconds(70));
        Worker first = h.worker("first", queues, 1, Duration.ofSeconds(1));
        await().atMost(SOON).until(() -> h.task(id).status() == TaskStatus.STARTED);
        first.halt();

        h.worker("second", queues, 1, Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> h.task(id).status() == TaskStatus.FAILURE);
        assertThat(h.task(id).error()).contains("taken 2 times").contains("limit 1");
        assertThat(EchoHandler.RUNS.get(id.toString())).hasValue(1);
    }

    @Test
    void gracefulShutdownFinishesShortTasksAndHandsBackLongOnes() {
        UUID quick = h.submit(ImageModel.FLUX_1_PRO, "sleep=300", Map.of());
        UUID slow = h.submit(ImageModel.FLUX_1_PRO, "steps=300;sleep=30000", Map.of());
        Worker w = h.worker("leaving");
        await().atMost(SOON).until(() -> h.task(quick).status() == TaskStatus.STARTED
                && h.task(slow).status() == TaskStatus.STARTED);

        w.shutdown(Duration.ofSeconds(2));

        assertThat(h.task(quick).status()).isEqualTo(TaskStatus.SUCCESS);
        Task handedBack = h.task(slow);
        assertThat(handedBack.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(h.queue.position(Queue.CPU, handedBack.queueEntry())).isPresent();
        assertThat(h.store.logs(slow)).anyMatch(l -> l.contains("handed back"));
        assertThat(h.queue.isAlive(w.id())).isFalse();
    }
}
