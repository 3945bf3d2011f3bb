package io.ddiffusion.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.worker.testing.EchoHandlerProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    private final InMemoryTaskQueue queue = new InMemoryTaskQueue();
    private final CountingStore counted = new CountingStore(tasks, queue);
    private Worker worker;

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aTaskThatSucceedsIsReadOncePlusOncePerOutputAndWrittenOncePerChangeWithItsLogLineAndAck() {
        UUID id = runToSuccess("x");

        // why: the task before it starts, and whether it is still this worker's before its output file is written
        assertThat(counted.finds.get()).as("reads").isEqualTo(2);
        // why: EchoHandler reports its one step; each write starts from the version the previous one returned
        assertThat(counted.updates.get()).as("writes: started (with its log line), progress, succeeded (with the "
                + "ack)").isEqualTo(3);
        assertThat(counted.logs.get()).as("log lines written alone").isZero();
        assertThat(counted.acks.get()).as("acknowledgements sent alone").isZero();
        assertThat(tasks.logs(id)).containsExactly("Started on worker " + worker.id());
        assertThat(queue.ack(counted.lastDelivery.get())).as("the entry was acknowledged already").isFalse();
    }

    @Test
    void aCheckpointWithALogLineIsOneWrite() {
        UUID id = runToSuccess("checkpoint");

        // why: a provider handler records its job and says so, as Replicate's does for every prediction
        assertThat(counted.updates.get()).as("writes: started, checkpoint (with its log line), progress, succeeded")
                .isEqualTo(4);
        assertThat(counted.logs.get()).as("log lines written alone").isZero();
        assertThat(tasks.find(id).orElseThrow().checkpoints()).containsEntry("echo.job", "job-" + id);
        assertThat(tasks.logs(id)).containsExactly("Started on worker " + worker.id(), "started job-" + id);
    }

    /** Submits an EchoHandler task with {@code prompt} and runs it on a worker that counts its store calls. */
    private UUID runToSuccess(String prompt) {
        HandlerRegistry.Builder handlers = HandlerRegistry.builder();
        new EchoHandlerProvider().register(handlers, null);
        WorkerHarness h = new WorkerHarness(queue, tasks, new FilesystemBlobStorage(storageDir), handlers.build());
        UUID id = h.submitImage(prompt);
        // why: a heartbeat far longer than the task; the watcher (which reads running tasks every 250 ms to notice a
        // cancel) may still run on a loaded machine, so only the task thread's own calls are counted
        worker = new Worker("w", counted.countingQueue(), counted, h.storage, h.handlers, new WorkerOptions(
                WorkerHarness.queues(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(40)), Duration.ofMinutes(1), 3,
                Duration.ofSeconds(5)), Clock.systemUTC());

        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> tasks.find(id).orElseThrow().status()
                == TaskStatus.SUCCESS && worker.runningCount() == 0);
        return id;
    }

    /**
     * Counts what the worker's task thread asks of the store and the queue, each one round trip on Redis: reads and
     * writes of task records, log lines written alone, acknowledgements sent alone. A write that acknowledges
     * ({@link TaskStore#update(Task, TaskQueue, Delivery)}) counts as one write, as its Redis script does.
     */
    static final class CountingStore implements TaskStore {
        private final TaskStore delegate;
        private final TaskQueue queue;
        final AtomicInteger finds = new AtomicInteger();
        final AtomicInteger updates = new AtomicInteger();
        final AtomicInteger logs = new AtomicInteger();
        final AtomicInteger acks = new AtomicInteger();
        /** The delivery the worker acknowledged, or whose ack a write carried. */
        final AtomicReference<Delivery> lastDelivery = new AtomicReference<>();

        /** The worker runs each task on a virtual thread named {@code task-<id>}. */
        private static boolean onTaskThread() {
            return Thread.currentThread().getName().startsWith("task-");
        }

        CountingStore(TaskStore delegate, TaskQueue queue) {
            this.delegate = delegate;
            this.queue = queue;
        }

        /** {@code queue}, its acknowledgements from a task thread counted. */
        TaskQueue countingQueue() {
            return (TaskQueue) Proxy.newProxyInstance(TaskQueue.class.getClassLoader(),
                    new Class<?>[] {TaskQueue.class}, (p, method, args) -> {
                        if (method.getName().equals("ack") && onTaskThread()) {
                            acks.incrementAndGet();
                            lastDelivery.set((Delivery) args[0]);
                        }
                        try {
                            return method.invoke(queue, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private void count(AtomicInteger counter) {
            if (onTaskThread()) {
                counter.incrementAndGet();
            }
        }

        @Override
        public Task create(Task task) {
            return delegate.create(task);
        }

        @Override
        public Optional<Task> find(UUID id) {
            count(finds);
            return delegate.find(id);
        }

        @Override
        public Task update(Task next) {
            count(updates);
            return delegate.update(next);
        }

        @Override
        public Task update(Task next, String line) {
            count(updates);
            return delegate.update(next, line);
        }

        /** One write, the ack not counted: the queue it is given is the counting one, the delegate gets the real. */
        @Override
        public Task update(Task next, TaskQueue ignored, Delivery delivery) {
            count(updates);
            lastDelivery.set(delivery);
            return delegate.update(next, queue, delivery);
        }

        @Override
        public void appendLog(UUID id, String line) {
            count(logs);
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
