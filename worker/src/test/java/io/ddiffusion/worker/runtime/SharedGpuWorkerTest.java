package io.ddiffusion.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.workflows.WorkflowModel;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.runtime.WorkerOptions.QueueOptions;
import io.ddiffusion.worker.testing.CountingOnnxStart;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import io.ddiffusion.worker.workflows.comfy.ComfySidecar;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose ONNX models and ComfyUI sidecar share one GPU: one GPU task at a time across the gpu and comfy
 * queues, the sidecar's {@code POST /free} and the ONNX sessions' closing exactly when the engine changes, waits that
 * end on a cancel and do not count toward time limits. ONNX runs on the CPU here, reported as CUDA (no GPU in tests);
 * the sidecar is the emulator.
 */
class SharedGpuWorkerTest {
    private static final Duration SOON = Duration.ofSeconds(20);
    /** An ONNX model of the gpu queue, a model on the sidecar of the gpu queue, and a user workflow (comfy queue). */
    private static final String ONNX = ImageModel.DEPTH_ANYTHING_2.taskName();
    private static final String COMFY_MODEL = ImageModel.FLUX_1.taskName();
    private static final String WORKFLOW = WorkflowModel.COMFY_WORKFLOW.taskName();

    @TempDir
    Path dir;
    private ComfyEmulator comfy;
    private ComfySidecar sidecar;
    private CountingOnnxStart onnx;
    private LocalRuntime runtime;
    private WorkerHarness h;
    /** GPU handlers running now, and the most that ever ran at once. */
    private final AtomicInteger onGpu = new AtomicInteger();
    private final AtomicInteger mostOnGpu = new AtomicInteger();
    private final List<String> workerLog = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        comfy = new ComfyEmulator();
        sidecar = new ComfySidecar(ComfySettings.from(Env.of(Map.of("COMFY_API_URL", comfy.url().toString()))));
        onnx = new CountingOnnxStart(OnnxDevice.CUDA);
        runtime = CountingOnnxStart.doublerRuntime(dir.resolve("weights"), OnnxDevice.AUTO, onnx, workerLog);
        HandlerRegistry.Builder b = HandlerRegistry.builder();
        b.register(ONNX, handler(ctx -> CountingOnnxStart.runDoubler(runtime, ctx::log)), runtime);
        b.register(COMFY_MODEL, handler(ctx -> { }), sidecar);
        b.register(WORKFLOW, handler(ctx -> { }), sidecar);
        h = new WorkerHarness(new InMemoryTaskQueue(), new InMemoryTaskStore(Duration.ofMinutes(5)),
                new FilesystemBlobStorage(dir.resolve("storage")), b.build());
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
        runtime.close();
        comfy.close();
    }

    /** What a GPU handler does with its engine. */
    @FunctionalInterface
    private interface Work {
        void run(TaskContext<ImageRequest> ctx) throws Exception;
    }

    /** A handler that counts itself on the GPU, does {@code work}, then holds on for {@code sleep=MS} of its prompt. */
    private TaskHandler<ImageRequest> handler(Work work) {
        return new TaskHandler<>() {
            @Override
            public Class<ImageRequest> requestType() {
                return ImageRequest.class;
            }

            @Override
            public TaskResult run(TaskContext<ImageRequest> ctx) throws Exception {
                mostOnGpu.accumulateAndGet(onGpu.incrementAndGet(), Math::max);
                try {
                    work.run(ctx);
                    String prompt = ctx.request().prompt();
                    if (prompt.startsWith("sleep=")) {
                        ctx.cancellation().sleep(Long.parseLong(prompt.substring("sleep=".length())));
                    }
                    return TaskResult.text("done");
                } finally {
                    onGpu.decrementAndGet();
                }
            }
        };
    }

    private static Map<Queue, QueueOptions> queues(int gpu, Duration comfySoft, Duration comfyHard) {
        Map<Queue, QueueOptions> m = new EnumMap<>(Queue.class);
        m.put(Queue.GPU, new QueueOptions(gpu, Duration.ofSeconds(30), Duration.ofSeconds(40)));
        m.put(Queue.COMFY, new QueueOptions(1, comfySoft, comfyHard));
        return m;
    }

    private Worker worker(boolean shared) {
        return worker(queues(1, Duration.ofSeconds(30), Duration.ofSeconds(40)), shared);
    }

    private Worker worker(Map<Queue, QueueOptions> queues, boolean shared) {
        return h.worker("w", new WorkerOptions(queues, Duration.ofMillis(200), 3, Duration.ofSeconds(5))
                .withGpuShared(shared));
    }

    /** Submits a task of {@code taskName} on its queue, as the API would. */
    private UUID submit(String taskName, String prompt) {
        Queue q = taskName.equals(WORKFLOW) ? Queue.COMFY : Queue.GPU;
        UUID id = UUID.randomUUID();
        String request = Json.write(new ImageRequest(ImageModel.SD_XL, prompt, null, null, null, null, null, null,
                null));
        h.store.create(Task.submitted(id, taskName, q, "key1", new Identity("u", "m", "127.0.0.1", "k", "key1"),
                request, Map.of(), Instant.now()));
        String entry = h.queue.enqueue(q, id, taskName);
        h.store.modify(id, x -> x.queueEntry() == null ? x.enqueuedAs(entry) : x);
        return id;
    }

    private void awaitStatus(UUID id, TaskStatus status) {
        await().atMost(SOON).until(() -> h.task(id).status() == status);
    }

    /** Runs the tasks one after another, each submitted once the one before succeeded; returns their ids. */
    private List<UUID> inTurn(String... taskNames) {
        List<UUID> ids = new ArrayList<>();
        for (String name : taskNames) {
            UUID id = submit(name, "");
            awaitStatus(id, TaskStatus.SUCCESS);
            ids.add(id);
        }
        return ids;
    }

    private List<String> logs(UUID id) {
        return h.store.logs(id);
    }

    @Test
    void oneGpuTaskRunsAtATimeAcrossTheGpuAndComfyQueues() {
        worker(queues(2, Duration.ofSeconds(30), Duration.ofSeconds(40)), true);
        List<UUID> ids = new ArrayList<>();
        for (String name : List.of(ONNX, COMFY_MODEL, WORKFLOW, ONNX, WORKFLOW, COMFY_MODEL)) {
            ids.add(submit(name, "sleep=150"));
        }

        ids.forEach(id -> awaitStatus(id, TaskStatus.SUCCESS));

        assertThat(mostOnGpu).as("two gpu slots and a comfy slot, one device").hasValue(1);
        assertThat(ids).anySatisfy(id -> assertThat(logs(id)).anyMatch(l -> l.startsWith("Waiting for the GPU")));
    }

    @Test
    void withoutSharingTheSameTasksOverlap() {
        worker(queues(2, Duration.ofSeconds(30), Duration.ofSeconds(40)), false);
        List<UUID> ids = new ArrayList<>();
        for (String name : List.of(ONNX, COMFY_MODEL, WORKFLOW, ONNX, WORKFLOW, COMFY_MODEL)) {
            ids.add(submit(name, "sleep=400"));
        }

        ids.forEach(id -> awaitStatus(id, TaskStatus.SUCCESS));

        assertThat(mostOnGpu.get()).as("what the shared device prevents").isGreaterThan(1);
        assertThat(comfy.frees()).isEmpty();
    }

    @Test
    void theSidecarIsAskedToFreeItsMemoryOnlyWhenOnnxTakesTheGpuFromIt() {
        worker(true);

        List<UUID> ids = inTurn(ONNX, ONNX, COMFY_MODEL, WORKFLOW, COMFY_MODEL, ONNX, WORKFLOW, ONNX);

        assertThat(comfy.frees()).as("ComfyUI -> ONNX twice; never between ComfyUI tasks").hasSize(2)
                .extracting(JsonNode::toString).containsOnly("{\"unload_models\":true,\"free_memory\":true}");
        assertThat(logs(ids.get(5))).contains("The GPU passes from ComfyUI to ONNX Runtime: freeing ComfyUI's "
                + "memory first", "Asked ComfyUI to unload its models and free its memory (POST /free)");
        assertThat(ids.subList(0, 5)).allSatisfy(id -> assertThat(logs(id)).noneMatch(l -> l.contains("POST /free")));
        assertThat(comfy.violations()).isEmpty();
    }

    @Test
    void onnxSessionsAreClosedWhenComfyUiTakesTheGpuAndStayLoadedBetweenOnnxTasks() {
        worker(true);

        List<UUID> ids = inTurn(ONNX, ONNX, COMFY_MODEL, ONNX, ONNX, WORKFLOW, WORKFLOW);

        assertThat(onnx.loads).as("loaded by the first task, again after ComfyUI ran").hasValue(2);
        assertThat(onnx.closes).as("closed when ComfyUI took the GPU, twice").hasValue(2);
        assertThat(logs(ids.get(2))).contains("The GPU passes from ONNX Runtime to ComfyUI: freeing ONNX Runtime's "
                + "memory first", "Closed 1 ONNX Runtime session on the GPU");
        assertThat(logs(ids.get(1))).noneMatch(l -> l.startsWith("Loaded doubler"));
        assertThat(logs(ids.get(3))).anyMatch(l -> l.startsWith("Loaded doubler"));
        assertThat(runtime.loadedModels()).isEmpty();
    }

    @Test
    void batchesOfOneEnginePayOneSwitchPerBatchNotOnePerTask() {
        worker(true);

        inTurn(ONNX, ONNX, ONNX, COMFY_MODEL, WORKFLOW, COMFY_MODEL, ONNX, ONNX, ONNX, WORKFLOW, WORKFLOW,
                COMFY_MODEL);

        // why: the original freed ComfyUI after each of these six ComfyUI tasks (and ran it with
        // --disable-smart-memory, so each one loaded its models again); here the sidecar is freed once
        assertThat(comfy.frees()).hasSize(1);
        assertThat(onnx.loads).hasValue(2);
        assertThat(onnx.closes).hasValue(2);
    }

    @Test
    void aWorkerThatDoesNotShareItsGpuNeverFreesAnything() {
        worker(false);

        inTurn(ONNX, COMFY_MODEL, ONNX, WORKFLOW, ONNX);

        assertThat(comfy.frees()).isEmpty();
        assertThat(onnx.closes).hasValue(0);
        assertThat(onnx.loads).hasValue(1);
    }

    @Test
    void aSharedWorkerThatOnlyRunsComfyUiTasksNeverCallsFree() {
        worker(true);

        inTurn(WORKFLOW, COMFY_MODEL, WORKFLOW, WORKFLOW);

        assertThat(comfy.frees()).isEmpty();
        assertThat(onnx.loads).hasValue(0);
    }

    @Test
    void byDefaultAWorkerSharesItsGpuWhenItServesTheGpuQueueAndHasASidecar() {
        Env sidecarSet = Env.of(Map.of("COMFY_API_URL", comfy.url().toString()));

        assertThat(WorkerOptions.from(sidecarSet, Set.of(Queue.GPU, Queue.COMFY)).gpuShared()).isTrue();
        assertThat(WorkerOptions.from(sidecarSet, Set.of(Queue.GPU)).gpuShared()).as("models on the sidecar")
                .isTrue();
        assertThat(WorkerOptions.from(sidecarSet, Set.of(Queue.COMFY)).gpuShared()).as("one engine").isFalse();
        assertThat(WorkerOptions.from(Env.of(Map.of()), Set.of(Queue.GPU, Queue.COMFY)).gpuShared())
                .as("no sidecar").isFalse();
        assertThat(WorkerOptions.from(Env.of(Map.of("COMFY_API_URL", "http://gpu2:8188",
                WorkerOptions.GPU_SHARED, "false")), Set.of(Queue.GPU, Queue.COMFY)).gpuShared())
                .as("a sidecar with a GPU of its own").isFalse();
    }

    @Test
    void aTaskCancelledWhileItWaitsForTheGpuEndsAtOnceAndTheRunningOneGoesOn() {
        Worker w = worker(true);
        UUID running = submit(COMFY_MODEL, "sleep=60000");
        await().atMost(SOON).until(() -> onGpu.get() == 1);
        UUID waiting = submit(WORKFLOW, "");
        await().atMost(SOON).until(() -> logs(waiting).stream().anyMatch(l -> l.startsWith("Waiting for the GPU")));

        h.store.modify(waiting, x -> x.revoked("Task cancellation requested", Instant.now()));

        await().atMost(Duration.ofSeconds(5)).until(() -> w.runningCount() == 1);
        assertThat(h.task(waiting).status()).isEqualTo(TaskStatus.REVOKED);
        assertThat(h.task(running).status()).isEqualTo(TaskStatus.STARTED);
        h.store.modify(running, x -> x.revoked("Task cancellation requested", Instant.now()));
        await().atMost(SOON).until(() -> w.runningCount() == 0);
    }

    @Test
    void waitingForTheGpuDoesNotCountTowardTheWaitingTasksTimeLimit() {
        worker(queues(1, Duration.ofMillis(800), Duration.ofSeconds(1)), true);
        UUID first = submit(COMFY_MODEL, "sleep=2500");
        await().atMost(SOON).until(() -> onGpu.get() == 1);
        UUID second = submit(WORKFLOW, "sleep=100");

        awaitStatus(first, TaskStatus.SUCCESS);
        awaitStatus(second, TaskStatus.SUCCESS);

        assertThat(logs(second)).anyMatch(l -> l.matches("Got the GPU after [12]\\.\\d s"));
    }
}
