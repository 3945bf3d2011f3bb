package io.ddiffusion.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.queue.BrokerUnavailableException;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.testing.EchoHandler;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that is killed while workers run tasks and comes back on its persisted data, for longer than the heartbeat
 * time-out: every accepted task finishes once, on the worker that took it, and nothing stays held. For brokers that
 * can be killed and restarted (Redis with AOF, in the redis module).
 */
public abstract class BrokerRestartContract {
    @TempDir
    Path storageDir;

    private WorkerHarness h;

    /** The broker under test, with its failures translated as in production. */
    protected abstract TaskQueue queue();

    protected abstract TaskStore store();

    /** Kills the broker at once (no shutdown, no save). */
    protected abstract void killBroker() throws Exception;

    /** Starts the broker again on the data it persisted, and returns once it answers. */
    protected abstract void startBroker() throws Exception;

    @AfterEach
    void stopWorkers() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void tasksRunningWhenTheBrokerIsKilledFinishOnceEachOnTheirWorkerAfterItComesBack() throws Exception {
        EchoHandler.reset();
        HandlerRegistry.Builder handlers = HandlerRegistry.builder();
        new EchoHandlerProvider().register(handlers, null);
        h = new WorkerHarness(queue(), store(), new FilesystemBlobStorage(storageDir), handlers.build());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(h.submit(ImageModel.FLUX_1_PRO, "steps=20;sleep=3000", Map.of()));
        }
        var queues = WorkerHarness.queues(1, 4, Duration.ofSeconds(60), Duration.ofSeconds(70));
        h.worker("a", queues, 3, Duration.ofSeconds(1));
        h.worker("b", queues, 3, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                .filter(id -> h.task(id).status() == TaskStatus.STARTED).count() == 8);

        killBroker();
        Thread.sleep(2500); // longer than the 1 s heartbeat time-out: every heartbeat has expired when it is back
        startBroker();

        // why: the test reads through the same broker; a read that fails while it starts up is only retried
        await().atMost(Duration.ofSeconds(90)).ignoreExceptionsInstanceOf(BrokerUnavailableException.class)
                .until(() -> ids.stream().allMatch(id -> h.task(id).status() == TaskStatus.SUCCESS));
        for (UUID id : ids) {
            assertThat(h.task(id).attempts()).as("attempts of %s", id).isEqualTo(1);
            assertThat(EchoHandler.RUNS.get(id.toString())).as("runs of %s", id).hasValue(1);
        }
        h.close();
        assertThat(h.queue.waiting(Queue.CPU)).isZero();
        await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(h.queue.reclaim(Queue.CPU, "checker", 100)).as("entries nobody acknowledged").isEmpty());
    }
}
