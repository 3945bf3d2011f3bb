package io.ddiffusion.worker.runtime;

import io.ddiffusion.worker.runtime.WorkerOptions.QueueOptions;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds workers and submits tasks the way the API does, for the worker contract suite. */
final class WorkerHarness implements AutoCloseable {
    final TaskQueue queue;
    final TaskStore store;
    final BlobStorage storage;
    final HandlerRegistry handlers;
    private final List<Worker> workers = new ArrayList<>();

    WorkerHarness(TaskQueue queue, TaskStore store, BlobStorage storage, HandlerRegistry handlers) {
        this.queue = queue;
        this.store = store;
        this.storage = storage;
        this.handlers = handlers;
    }

    static Map<Queue, QueueOptions> queues(int gpu, int cpu, Duration soft, Duration hard) {
        Map<Queue, QueueOptions> m = new EnumMap<>(Queue.class);
        m.put(Queue.GPU, new QueueOptions(gpu, soft, hard));
        m.put(Queue.CPU, new QueueOptions(cpu, soft, hard));
        return m;
    }

    Worker worker(String id, Map<Queue, QueueOptions> queues, int maxDeliveries, Duration grace) {
        return worker(id, new WorkerOptions(queues, Duration.ofMillis(200), maxDeliveries, grace));
    }

    Worker worker(String id, WorkerOptions options) {
        Worker w = new Worker(id + "-" + UUID.randomUUID().toString().substring(0, 8), queue, store, storage,
                handlers, options, Clock.systemUTC());
        workers.add(w);
        w.start();
        return w;
    }

    Worker worker(String id) {
        return worker(id, queues(1, 4, Duration.ofSeconds(30), Duration.ofSeconds(40)), 3, Duration.ofSeconds(5));
    }

    /** Submits an image task for a local model (gpu queue), as the API would. */
    UUID submitImage(String prompt) {
        return submit(ImageModel.SD_XL, prompt, Map.of());
    }

    UUID submit(ImageModel model, String prompt, Map<String, String> inputs) {
        return submit(UUID.randomUUID(), model, prompt, inputs);
    }

    UUID submit(UUID id, ImageModel model, String prompt, Map<String, String> inputs) {
        String request = Json.write(new ImageRequest(model, prompt, null, null, null, null, null, null, null));
        Task t = Task.submitted(id, model.taskName(), model.queue(), "key1",
                new Identity("u", "m", "127.0.0.1", "k", "key1"), request, inputs, Instant.now());
        store.create(t);
        String entry = queue.enqueue(model.queue(), id, model.taskName());
        // why: as TaskIntake does: a worker may have taken the entry and handed the task back under a newer entry
        // before this line runs; overwriting that entry would make the newer delivery look superseded (dropped)
        store.modify(id, x -> x.queueEntry() == null ? x.enqueuedAs(entry) : x);
        return id;
    }

    Task task(UUID id) {
        return store.find(id).orElseThrow();
    }

    @Override
    public void close() {
        for (Worker w : workers) {
            w.shutdown(Duration.ZERO);
        }
    }
}
