package io.ddiffusion.worker.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.schema.workflows.Patch;
import io.ddiffusion.schema.workflows.PatchClassType;
import io.ddiffusion.schema.workflows.WorkflowModel;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskResult;
import io.ddiffusion.worker.testing.FakeTaskContext;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import io.ddiffusion.worker.workflows.comfy.ComfyException;
import io.ddiffusion.worker.workflows.comfy.ComfyPlan;
import io.ddiffusion.worker.workflows.comfy.ComfyRun;
import io.ddiffusion.worker.workflows.comfy.ComfySidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code comfy-workflow} against the ComfyUI emulator: the protocol, patches, outputs, failures, cancel, takeover. */
class ComfyWorkflowTest {
    static final ComfyRun.Timing FAST = new ComfyRun.Timing(Duration.ofMillis(300), Duration.ofSeconds(3),
            Duration.ofSeconds(3), Duration.ofSeconds(5));
    static final byte[] PNG = TestMedia.png(4, 3);

    final ComfyEmulator comfy = new ComfyEmulator();
    @TempDir
    Path storage;

    ComfyWorkflowTest() throws IOException {
    }

    @AfterEach
    void stop() throws IOException {
        comfy.close();
    }

    ComfyWorkflow handler(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("COMFY_API_URL", comfy.url().toString());
        return new ComfyWorkflow(new ComfySidecar(ComfySettings.from(Env.of(all))), FAST);
    }

    static Map<String, Object> node(String type, String title, Map<String, Object> inputs) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("class_type", type);
        n.put("inputs", new LinkedHashMap<>(inputs));
        n.put("_meta", Map.of("title", title));
        return n;
    }

    /** A text-to-image graph with a titled prompt, seed and image, a sampler, a save and a preview node. */
    static Map<String, Map<String, Object>> graph() {
        Map<String, Map<String, Object>> g = new LinkedHashMap<>();
        g.put("1", node("CheckpointLoaderSimple", "ckpt", Map.of("ckpt_name", "sd15.safetensors")));
        g.put("2", node("PrimitiveStringMultiline", "positive_prompt", Map.of("value", "")));
        g.put("3", node("PrimitiveInt", "seed", Map.of("value", 0)));
        g.put("4", node("LoadImage", "Load Image", Map.of("image", "example.png")));
        g.put("5", node("KSampler", "KSampler", Map.of("seed", List.of("3", 0), "steps", 20)));
        g.put("6", node("SaveImage", "Save Image", Map.of("images", List.of("5", 0), "filename_prefix", "ComfyUI")));
        g.put("7", node("PreviewImage", "Preview", Map.of("images", List.of("5", 0))));
        return g;
    }

    static List<Patch> patches() {
        return List.of(new Patch("positive_prompt", PatchClassType.PrimitiveStringMultiline, "a lighthouse"),
                new Patch("seed", PatchClassType.PrimitiveInt, 42),
                new Patch("Load Image", PatchClassType.LoadImage, "stored-by-the-api"));
    }

    FakeTaskContext<WorkflowRequest> task(Map<String, Map<String, Object>> graph, List<Patch> patches)
            throws IOException {
        return new FakeTaskContext<>(WorkflowModel.COMFY_WORKFLOW.taskName(), new WorkflowRequest(graph, patches),
                storage, new FakeTaskContext.Input("patches[2].value", "png", PNG));
    }

    FakeTaskContext<WorkflowRequest> task() throws IOException {
        return task(graph(), patches());
    }

    @Test
    void aWorkflowRunsWithItsPatchesAndItsSavedOutputIsStored() throws Exception {
        FakeTaskContext<WorkflowRequest> ctx = task();
        String id = ctx.taskId().toString();

        TaskResult result = handler(Map.of()).run(ctx);

        assertThat(comfy.violations()).isEmpty();
        JsonNode posted = comfy.prompts().getFirst();
        assertThat(posted.path("client_id").asText()).isEqualTo("ddiffusion-" + id);
        assertThat(posted.path("prompt_id").asText()).isEqualTo(id);
        JsonNode prompt = posted.path("prompt");
        assertThat(prompt.path("2").path("inputs").path("value").asText()).isEqualTo("a lighthouse");
        assertThat(prompt.path("3").path("inputs").path("value").asInt()).isEqualTo(42);
        assertThat(prompt.path("4").path("inputs").path("image").asText())
                .isEqualTo("ddiffusion/" + id + "/patch2-Load_Image.png");
        assertThat(comfy.uploads()).singleElement().satisfies(u -> {
            assertThat(u.subfolder()).isEqualTo("ddiffusion/" + id);
            assertThat(u.type()).isEqualTo("input");
            assertThat(u.data()).isEqualTo(PNG);
        });
        assertThat(result.files()).as("the preview is a temp file: skipped").singleElement()
                .satisfies(k -> assertThat(k).endsWith(id + "-0.png"));
        assertThat(ctx.read(result.files().getFirst())).startsWith(0x89, 'P', 'N', 'G').hasSize(64);
        assertThat(ctx.progressSteps()).hasToString("[[1, 3], [2, 3], [3, 3]]");
        assertThat(ctx.logs()).as("nodes at most one a second").contains("ComfyUI started the workflow",
                "Running node 1 'ckpt' (CheckpointLoaderSimple)", "node 5 (KSampler): 1/3", "node 5 (KSampler): 3/3")
                .doesNotContain("Running node 5 (KSampler)");
        assertThat(ctx.checkpoints()).containsEntry(ComfyRun.CHECKPOINT, id);
        assertThat(comfy.historyDeletes()).containsExactly(id);
        assertThat(comfy.inHistory(id)).isFalse();
    }

    @Test
    void thePromptIsPostedOnlyOnceComfyUiGreetedTheSocketSoNoEventGoesToNoSocket() throws Exception {
        comfy.slowSocketRegistration(300);

        assertThat(handler(Map.of()).run(task()).files()).hasSize(1);

        assertThat(comfy.violations()).as("POST /prompt before its WebSocket was registered").isEmpty();
        assertThat(comfy.undelivered()).isZero();
    }

    @Test
    void aSuccessIsCollectedWhetherTheHistoryEntryIsLateOrTheFinalEventNeverComes() throws Exception {
        comfy.plan(ComfyPlan.defaults().historyAfter(150));
        FakeTaskContext<WorkflowRequest> late = task();
        assertThat(handler(Map.of()).run(late).files()).as("waits for the final executing event").hasSize(1);

        comfy.plan(ComfyPlan.defaults().historyAfter(50).withoutFinalEvent());
        FakeTaskContext<WorkflowRequest> lost = task();
        assertThat(handler(Map.of()).run(lost).files()).as("reads the history once the socket stays quiet")
                .hasSize(1);
        assertThat(comfy.prompts()).hasSize(2);
        assertThat(comfy.violations()).isEmpty();
    }

    @Test
    void everyOutputFileOfEveryNodeIsStoredInItsOwnFormat() throws Exception {
        Map<String, Map<String, Object>> g = graph();
        g.put("8", node("SaveVideo", "Save Video", Map.of("video", List.of("5", 0))));
        comfy.plan(ComfyPlan.defaults()
                .output("6", ComfyPlan.File.png("a_00001_.png"), ComfyPlan.File.exr("a_00002_.exr"),
                        ComfyPlan.File.temp("a_preview.png"))
                .output("8", ComfyPlan.File.mp4("v_00001_.mp4"), ComfyPlan.File.webm("v_00002_.webm")));
        FakeTaskContext<WorkflowRequest> ctx = task(g, patches());

        TaskResult result = handler(Map.of()).run(ctx);

        assertThat(result.files()).extracting(k -> k.substring(k.lastIndexOf('-') + 1))
                .containsExactly("0.png", "1.exr", "2.mp4", "3.webm");
        assertThat(ctx.read(result.files().get(1))).startsWith(0x76, 0x2f, 0x31, 0x01).hasSize(128);
        assertThat(ctx.read(result.files().get(2))).hasSize(256);
    }

    @Test
    void anExecutionErrorFailsTheTaskNamingTheNodeTypeAndComfysMessage() throws Exception {
        comfy.plan(ComfyPlan.defaults().fail("5", "torch.OutOfMemoryError", "CUDA out of memory. Tried to "
                + "allocate 2.00 GiB"));

        assertThatThrownBy(() -> handler(Map.of()).run(task())).isInstanceOf(ComfyException.class)
                .hasMessage("ComfyUI node 5 (KSampler) failed: torch.OutOfMemoryError: CUDA out of memory. Tried to "
                        + "allocate 2.00 GiB");
    }

    @Test
    void anInvalidGraphFailsWithComfysExplanationPerNode() throws Exception {
        comfy.plan(ComfyPlan.defaults().invalid(Map.of("1", "ckpt_name: 'sd15.safetensors' not in []")));

        assertThatThrownBy(() -> handler(Map.of()).run(task())).isInstanceOf(ComfyException.class)
                .hasMessage("ComfyUI refused the workflow: Prompt outputs failed validation; node 1 "
                        + "(CheckpointLoaderSimple): Value not in list: ckpt_name: 'sd15.safetensors' not in []");
    }

    @Test
    void aWebSocketDroppedMidRunIsReconnectedAndTheTaskSucceeds() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(6, 40).dropSocketAt(2));
        FakeTaskContext<WorkflowRequest> ctx = task();

        TaskResult result = handler(Map.of()).run(ctx);

        assertThat(result.files()).hasSize(1);
        assertThat(ctx.logs()).contains("The WebSocket to ComfyUI was lost; reconnecting");
        assertThat(comfy.connects()).isGreaterThanOrEqualTo(2);
        assertThat(comfy.prompts()).hasSize(1);
    }

    @Test
    void aSilentWebSocketNeverHangsTheTask() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(4, 40).muteSocketAt(1));
        FakeTaskContext<WorkflowRequest> ctx = task();

        TaskResult result = handler(Map.of()).run(ctx);

        assertThat(result.files()).hasSize(1);
        assertThat(ctx.progressSteps()).as("events stopped after step 1").hasToString("[[1, 4]]");
    }

    @Test
    void aWebSocketSilentWhileThePromptRunsIsReplacedAndEventsFlowAgain() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(40, 40).muteSocketAt(2));
        FakeTaskContext<WorkflowRequest> ctx = task();

        TaskResult result = handler(Map.of()).run(ctx);

        assertThat(result.files()).hasSize(1);
        assertThat(ctx.logs()).contains("The WebSocket to ComfyUI went silent; reconnecting");
        assertThat(ctx.progressSteps()).as("progress resumed on the new socket").last()
                .hasToString("[40, 40]");
        assertThat(comfy.prompts()).hasSize(1);
    }

    @Test
    void aSidecarThatGoesAwayMidRunFailsTheTaskAfterTheReconnectDeadline() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(500, 20));
        FakeTaskContext<WorkflowRequest> ctx = task();
        CompletableFuture<TaskResult> run = runAsync(handler(Map.of()), ctx);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !ctx.progressSteps().isEmpty());

        comfy.close();

        assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ComfyException.class)
                .cause().hasMessageContaining("the ComfyUI sidecar has been unreachable for 3 s while prompt "
                        + ctx.taskId() + " ran");
    }

    @Test
    void cancellingARunningTaskInterruptsOnlyItsPrompt() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(200, 20));
        FakeTaskContext<WorkflowRequest> ctx = task().cancelAtStep(2);
        String id = ctx.taskId().toString();

        assertThatThrownBy(() -> handler(Map.of()).run(ctx)).isInstanceOf(TaskCancelledException.class);

        assertThat(comfy.interrupts()).containsExactly(id);
        await().atMost(3, TimeUnit.SECONDS).until(() -> !comfy.queued(id));
        assertThat(comfy.inHistory(id)).isTrue();
        assertThat(ctx.logs()).contains("Cancelled ComfyUI prompt " + id + " on the sidecar");
    }

    @Test
    void cancellingAWaitingTaskRemovesItsPromptFromComfysQueue() throws Exception {
        comfy.hold(true);
        FakeTaskContext<WorkflowRequest> ctx = task();
        String id = ctx.taskId().toString();
        CompletableFuture<TaskResult> run = runAsync(handler(Map.of()), ctx);
        await().atMost(5, TimeUnit.SECONDS).until(() -> comfy.queued(id));

        ctx.cancel();

        assertThatThrownBy(run::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TaskCancelledException.class);
        assertThat(comfy.queueDeletes()).containsExactly(id);
        assertThat(comfy.queued(id)).isFalse();
        comfy.hold(false);
        Thread.sleep(100);
        assertThat(comfy.inHistory(id)).as("it never ran").isFalse();
    }

    @Test
    void whereTheSidecarHasTheJobsApiCancellingUsesItForRunningAndWaitingPrompts() throws Exception {
        comfy.jobsApi(true).plan(ComfyPlan.defaults().steps(200, 20));
        FakeTaskContext<WorkflowRequest> running = task().cancelAtStep(2);
        String runningId = running.taskId().toString();

        assertThatThrownBy(() -> handler(Map.of()).run(running)).isInstanceOf(TaskCancelledException.class);

        assertThat(comfy.jobCancels()).containsExactly(runningId);
        assertThat(comfy.interrupts()).as("the jobs API replaces the older calls").isEmpty();
        await().atMost(3, TimeUnit.SECONDS).until(() -> !comfy.queued(runningId));
        assertThat(running.logs()).contains("Cancelled ComfyUI job " + runningId + " on the sidecar");

        comfy.hold(true);
        FakeTaskContext<WorkflowRequest> waiting = task();
        String waitingId = waiting.taskId().toString();
        CompletableFuture<TaskResult> run = runAsync(handler(Map.of()), waiting);
        await().atMost(5, TimeUnit.SECONDS).until(() -> comfy.queued(waitingId));
        waiting.cancel();

        assertThatThrownBy(run::get).hasCauseInstanceOf(TaskCancelledException.class);
        assertThat(comfy.jobCancels()).containsExactly(runningId, waitingId);
        assertThat(comfy.queueDeletes()).isEmpty();
        assertThat(comfy.queued(waitingId)).isFalse();
        comfy.hold(false);
    }

    @Test
    void aWorkerTakingTheTaskOverAttachesToTheRunningPromptWithoutASecondPost() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(30, 20));
        FakeTaskContext<WorkflowRequest> first = task();
        CompletableFuture<TaskResult> firstRun = runAsync(handler(Map.of()), first);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !first.progressSteps().isEmpty());
        first.cancel(CancellationToken.Reason.TAKEN_OVER);
        assertThatThrownBy(firstRun::get).hasCauseInstanceOf(TaskCancelledException.class);
        assertThat(comfy.interrupts()).as("the new owner's prompt is left running").isEmpty();

        FakeTaskContext<WorkflowRequest> second = task().retryOf(first);
        TaskResult result = handler(Map.of()).run(second);

        assertThat(comfy.prompts()).hasSize(1);
        assertThat(comfy.uploads()).hasSize(1);
        assertThat(second.logs()).contains("Attaching to ComfyUI prompt " + first.taskId() + ", queued by an "
                + "earlier attempt");
        assertThat(result.files()).hasSize(1);
        assertThat(second.progressSteps()).isNotEmpty();
    }

    @Test
    void aFrozenWorkersSocketEndingAfterTheNewOwnerAttachedDoesNotStrandIt() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(60, 30));
        FakeTaskContext<WorkflowRequest> frozen = task();
        CompletableFuture<TaskResult> frozenRun = runAsync(handler(Map.of()), frozen);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !frozen.progressSteps().isEmpty());
        FakeTaskContext<WorkflowRequest> owner = task().retryOf(frozen);
        CompletableFuture<TaskResult> ownerRun = runAsync(handler(Map.of()), owner);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !owner.progressSteps().isEmpty());

        // ComfyUI forgets the client id's socket when the frozen worker's socket ends, though the owner's is newer
        frozen.cancel(CancellationToken.Reason.TAKEN_OVER);

        assertThatThrownBy(frozenRun::get).hasCauseInstanceOf(TaskCancelledException.class);
        assertThat(ownerRun.get(10, TimeUnit.SECONDS).files()).hasSize(1);
        assertThat(owner.logs()).contains("The WebSocket to ComfyUI went silent; reconnecting");
        assertThat(owner.progressSteps()).last().hasToString("[60, 60]");
        assertThat(comfy.prompts()).hasSize(1);
    }

    @Test
    void aTakeoverAfterThePromptFinishedCollectsItsOutputs() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(5, 20));
        FakeTaskContext<WorkflowRequest> first = task();
        String id = first.taskId().toString();
        CompletableFuture<TaskResult> firstRun = runAsync(handler(Map.of()), first);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !first.progressSteps().isEmpty());
        first.cancel(CancellationToken.Reason.TAKEN_OVER);
        assertThatThrownBy(firstRun::get).hasCauseInstanceOf(TaskCancelledException.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> comfy.inHistory(id));

        FakeTaskContext<WorkflowRequest> second = task().retryOf(first);
        TaskResult result = handler(Map.of()).run(second);

        assertThat(comfy.prompts()).hasSize(1);
        assertThat(second.logs()).contains("ComfyUI prompt " + id + " of an earlier attempt has finished; "
                + "collecting its outputs");
        assertThat(result.files()).hasSize(1);
        assertThat(comfy.historyDeletes()).containsExactly(id);
    }

    @Test
    void withTheSidecarsFoldersSharedTheTasksUploadsAndStoredOutputsAreDeletedThere() throws Exception {
        Path in = Files.createDirectories(storage.resolve("comfy-input"));
        Path out = Files.createDirectories(storage.resolve("comfy-output"));
        FakeTaskContext<WorkflowRequest> ctx = task();
        Path upload = Files.createDirectories(in.resolve("ddiffusion/" + ctx.taskId())).resolve("patch2-a.png");
        Files.write(upload, PNG);
        Path saved = Files.write(out.resolve("ComfyUI_6_00001_.png"), PNG);
        Path other = Files.write(out.resolve("someone-elses.png"), PNG);
        Path outside = Files.write(storage.resolve("outside.png"), PNG);
        comfy.plan(ComfyPlan.defaults().output("6", ComfyPlan.File.png("ComfyUI_6_00001_.png"),
                new ComfyPlan.File("outside.png", "..", "output", PNG, PNG.length)));

        TaskResult result = handler(Map.of("DDIFFUSION_COMFY_INPUT_DIR", in.toString(),
                "DDIFFUSION_COMFY_OUTPUT_DIR", out.toString())).run(ctx);

        assertThat(result.files()).hasSize(2);
        assertThat(in.resolve("ddiffusion/" + ctx.taskId())).doesNotExist();
        assertThat(saved).doesNotExist();
        assertThat(other).exists();
        assertThat(outside).as("a name from ComfyUI never deletes outside its folder").exists();
        assertThat(ctx.logs()).contains("Not deleting ../outside.png: outside ComfyUI's output folder");
    }

    @Test
    void anOutputLargerThanTheCapFailsTheTask() throws Exception {
        comfy.plan(ComfyPlan.defaults().output("6", ComfyPlan.File.png("big.png").ofSize(3L * 1024 * 1024)));

        assertThatThrownBy(() -> handler(Map.of("DDIFFUSION_COMFY_MAX_OUTPUT_MB", "1")).run(task()))
                .isInstanceOf(ComfyException.class)
                .hasMessage("output big.png is larger than 1 MiB (DDIFFUSION_COMFY_MAX_OUTPUT_MB)");
    }

    @Test
    void aPromptWithoutOutputsFailsSayingSo() throws Exception {
        comfy.plan(ComfyPlan.defaults().withoutOutputs());

        assertThatThrownBy(() -> handler(Map.of()).run(task())).isInstanceOf(ComfyException.class)
                .hasMessageStartingWith("the workflow produced no output files");
    }

    @Test
    void theWorkerChecksTheOperatorsNodeListsAgainBeforeAnythingReachesComfy() throws Exception {
        assertThatThrownBy(() -> handler(Map.of(ComfySettings.DENIED_NODES, "PreviewImage")).run(task()))
                .isInstanceOf(ComfyException.class)
                .hasMessage("the workflow is refused on this worker: node class PreviewImage (nodes 7) is denied on "
                        + "this installation (DDIFFUSION_COMFY_DENIED_NODES)");
        assertThat(comfy.prompts()).isEmpty();
        assertThat(comfy.uploads()).isEmpty();
    }

    @Test
    void aNodeClassTheSidecarLacksIsNamedBeforeQueuing() throws Exception {
        Map<String, Map<String, Object>> g = graph();
        g.put("9", node("VHS_VideoCombine", "combine", Map.of()));
        ComfyWorkflow handler = handler(Map.of());

        assertThatThrownBy(() -> handler.run(task(g, patches()))).isInstanceOf(ComfyException.class)
                .hasMessage("the ComfyUI sidecar has no node class VHS_VideoCombine (nodes 9): install the custom "
                        + "nodes on the sidecar or change the workflow");
        assertThat(comfy.prompts()).isEmpty();
    }

    @Test
    void aNodeClassInstalledSinceTheLastListingIsFound() throws Exception {
        ComfyWorkflow handler = handler(Map.of());
        handler.run(task());
        java.util.Set<String> installed = new java.util.HashSet<>(ComfyEmulator.CORE_NODES);
        installed.add("VHS_VideoCombine");
        comfy.nodeClasses(installed);
        Map<String, Map<String, Object>> g = graph();
        g.put("9", node("VHS_VideoCombine", "combine", Map.of()));

        assertThat(handler.run(task(g, patches())).files()).hasSize(1);
    }

    static CompletableFuture<TaskResult> runAsync(ComfyWorkflow handler, FakeTaskContext<WorkflowRequest> ctx) {
        CompletableFuture<TaskResult> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(handler.run(ctx));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
