package io.ddiffusion.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a task costs the store on the worker's happy path. On Redis every call is a round trip, so the worker's reads
 * and writes per task set how many tasks a second a worker and a Redis can take.
 */
class WorkerStoreTripsTest {
    @TempDir
    Path storageDir;

    private final InMemoryTaskStore tasks = new InMemoryTaskStore(Duration.ofMinutes(5));
    private final CountingStore counted = new CountingStore(tasks);
    private Worker worker;

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aTaskThatSucceedsIsReadOncePlusOncePerOutputAndWrittenOncePerChange() {
        HandlerRegistry.Builder handlers = HandlerRegistry.builder();
        new EchoHandlerProvider().register(handlers, null);
        WorkerHarness h = new WorkerHarness(new InMemoryTaskQueue(), tasks, new FilesystemBlobStorage(storageDir),
                handlers.build());
        UUID id = h.submitImage("x");
        // why: a heartbeat far longer than the task; the watcher (which reads running tasks every 250 ms to notice a
        // cancel) may still run on a loaded machine, so only the task thread's own calls are counted
        worker = new Worker("w", h.queue, counted, h.storage, h.handlers, new WorkerOptions(
                WorkerHarness.queues(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(40)), Duration.ofMinutes(1), 3,
                Duration.ofSeconds(5)), Clock.systemUTC());

        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> tasks.find(id).orElseThrow().status()
                == TaskStatus.SUCCESS && worker.runningCount() == 0);

        // why: the task before it starts, and whether it is still this worker's before its output file is written
        assertThat(counted.finds.get()).as("reads").isEqualTo(2);
        // why: EchoHandler reports its one step; each write starts from the version the previous one returned
        assertThat(counted.updates.get()).as("writes: started, progress, succeeded").isEqualTo(3);
    }

    /** Counts the worker's reads and writes of task records. */
    static final class CountingStore implements TaskStore {
        private final TaskStore delegate;
        final AtomicInteger finds = new AtomicInteger();
        final AtomicInteger updates = new AtomicInteger();

        /** The worker runs each task on a virtual thread named {@code task-<id>}. */
        private static boolean onTaskThread() {
            return Thread.currentThread().getName().startsWith("task-");
        }

        CountingStore(TaskStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Task create(Task task) {
            return delegate.create(task);
        }

        @Override
        public Optional<Task> find(UUID id) {
            if (onTaskThread()) {
                finds.incrementAndGet();
            }
            return delegate.find(id);
        }

        @Override
        public Task update(Task next) {
            if (onTaskThread()) {
                updates.incrementAndGet();
            }
            return delegate.update(next);
        }

        @Override
        public void appendLog(UUID id, String line) {
            delegate.appendLog(id, line);
        }

        @Override
        public List<String> logs(UUID id) {
            return delegate.logs(id);
        }

        @Override
        public int deleteExpired() {
            return delegate.deleteExpired();
        }
    }
}
