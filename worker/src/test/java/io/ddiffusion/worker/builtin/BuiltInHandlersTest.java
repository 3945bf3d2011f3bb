package io.ddiffusion.worker.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.queue.Capabilities;
import io.ddiffusion.schema.Models;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.workflows.WorkflowModel;
import io.ddiffusion.worker.runtime.GpuEngine;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One place per model: every registry entry has exactly one handler class in the build, or says why not. */
class BuiltInHandlersTest {
    @TempDir
    Path cache;

    HandlerRegistry registry(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("HF_HUB_CACHE", cache.toString());
        HandlerRegistry.Builder b = HandlerRegistry.builder();
        new BuiltInHandlers().register(b, Env.of(all));
        return b.build();
    }

    /** The handler classes of the build by the model each one's instance says it serves. */
    static Map<ModelSpec, List<Class<? extends ModelHandler>>> handlerClassesByModel() {
        Services services = BuiltInHandlers.services(Env.of(Map.of()));
        Map<ModelSpec, List<Class<? extends ModelHandler>>> byModel = new HashMap<>();
        for (Class<? extends ModelHandler> type : BuiltInHandlers.handlerClasses()) {
            byModel.computeIfAbsent(services.build(type).instance().model(), m -> new ArrayList<>()).add(type);
        }
        return byModel;
    }

    @Test
    void everyRegistryModelHasExactlyOneHandlerClassOrIsDeclaredNotInThisBuild() {
        Map<ModelSpec, List<Class<? extends ModelHandler>>> byModel = handlerClassesByModel();

        for (ModelSpec m : Models.all()) {
            List<Class<? extends ModelHandler>> classes = byModel.getOrDefault(m, List.of());
            if (m.notInThisBuild().isPresent()) {
                assertThat(classes).as(m.taskName() + " is declared not in this build, yet has a handler").isEmpty();
                assertThat(m.notInThisBuild().get()).as(m.taskName() + "'s reason").isNotBlank();
            } else {
                assertThat(classes).as(m.taskName() + " needs exactly one handler class (or a notInThisBuild reason "
                        + "in its registry entry)").hasSize(1);
            }
        }
    }

    @Test
    void everyHandlerClassServesARegisteredModelAndIsPublicAndConcrete() {
        List<Class<? extends ModelHandler>> classes = BuiltInHandlers.handlerClasses();

        assertThat(classes).isNotEmpty().allSatisfy(c -> {
            assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isTrue();
            assertThat(Modifier.isAbstract(c.getModifiers())).as(c.getName()).isFalse();
        });
        assertThat(handlerClassesByModel().keySet()).allSatisfy(m -> assertThat(Models.all()).contains(m));
    }

    @Test
    void theBuiltRegistryServesExactlyTheModelsOfThisBuild() {
        HandlerRegistry registry = registry(Map.of());

        assertThat(registry.taskNames()).containsExactlyInAnyOrderElementsOf(Models.all().stream()
                .filter(m -> m.notInThisBuild().isEmpty()).map(ModelSpec::taskName).toList());
        assertThat(registry.loadedModels()).isEmpty();
        assertThat(registry.device()).as("the ONNX engine starts with the first local task").isEmpty();
    }

    @Test
    void aBadPipelineSettingStopsTheWorkerAtStartWithItsName() {
        assertThatThrownBy(() -> registry(Map.of("DDIFFUSION_DEPTH_PNG_BITS", "12")))
                .hasMessageContaining("DDIFFUSION_DEPTH_PNG_BITS");
        assertThatThrownBy(() -> registry(Map.of("DDIFFUSION_ESRGAN_TILE_SIZE", "64",
                "DDIFFUSION_ESRGAN_TILE_OVERLAP", "64")))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> registry(Map.of("DDIFFUSION_SDXL_SCHEDULER", "ddim")))
                .hasMessageContaining("euler");
    }

    @Test
    void withoutCredentialsProviderModelsReportTheVariableToSet() {
        Capabilities caps = registry(Map.of()).capabilities(EnumSet.allOf(Queue.class));

        assertThat(caps.cannotRun())
                .containsEntry("images.flux-1-pro", "REPLICATE_API_TOKEN is not set on the workers of the cpu queue: "
                        + "flux-1-pro runs on Replicate")
                .containsEntry("videos.kling-2", "REPLICATE_API_TOKEN is not set on the workers of the cpu queue: "
                        + "kling-2 runs on Replicate")
                .containsEntry("texts.gpt-5", "OPENAI_API_KEY is not set on the workers of the cpu queue: gpt-5 "
                        + "runs on OpenAI")
                .containsEntry("videos.sora-2", "OPENAI_API_KEY is not set on the workers of the cpu queue: sora-2 "
                        + "runs on OpenAI");
        assertThat(caps.cannotRun().get("texts.qwen-2")).startsWith("DDIFFUSION_LOCAL_LLM_URL is not set on the "
                + "workers of the gpu queue");
        assertThat(caps.canRun()).doesNotContain("images.flux-1-pro", "texts.gpt-5");
    }

    @Test
    void withCredentialsProviderModelsCanRun() {
        Capabilities caps = registry(Map.of("REPLICATE_API_TOKEN", "r8_x", "OPENAI_API_KEY", "sk-x",
                "DDIFFUSION_LOCAL_LLM_URL", "http://127.0.0.1:9/v1")).capabilities(EnumSet.allOf(Queue.class));

        List<String> external = Models.all().stream().filter(ModelSpec::external).map(ModelSpec::taskName).toList();
        assertThat(caps.canRun()).containsAll(external).contains(TextModel.QWEN_2.taskName());
        assertThat(caps.cannotRun()).doesNotContainKeys(external.toArray(String[]::new));
    }

    @Test
    void modelsNotInThisBuildReportTheirRegistryReason() {
        Map<String, String> cannot = registry(Map.of()).capabilities(EnumSet.allOf(Queue.class)).cannotRun();

        assertThat(cannot).containsEntry(ImageModel.SAM_3.taskName(), ImageModel.SAM_3.notInThisBuild().orElseThrow())
                .containsEntry(VideoModel.SAM_3.taskName(), VideoModel.SAM_3.notInThisBuild().orElseThrow());
    }

    @Test
    void comfyModelsReportTheMissingSidecarAndTheirUnpinnedFiles() {
        Map<String, String> cannot = registry(Map.of()).capabilities(EnumSet.of(Queue.GPU)).cannotRun();

        assertThat(cannot.get(ImageModel.FLUX_1.taskName())).startsWith("COMFY_API_URL is not set on the workers of "
                + "the gpu queue: flux-1 runs on a ComfyUI sidecar (see README, ComfyUI sidecar); weights not pinned "
                + "in this build: ").contains("files of flux-1 have no commit recorded (krea_dev, ",
                "./ddiffusion models pull flux-1 --lock-latest on the workers of the gpu queue",
                "./ddiffusion models pin REPO COMMIT FILE… (see worker/docs/comfy-models.md)");
        for (ModelSpec m : List.of(ImageModel.FLUX_2, ImageModel.FLUX_2_KLEIN, ImageModel.QWEN_IMAGE,
                ImageModel.Z_IMAGE, VideoModel.WAN_2, VideoModel.HUNYUAN_VIDEO_1, VideoModel.LTX_VIDEO)) {
            assertThat(cannot.get(m.taskName())).as(m.id()).contains("weights not pinned in this build");
        }
    }

    @Test
    void aSidecarLackingAComfyModelsNodesIsReportedForThatModel() throws Exception {
        try (ComfyEmulator comfy = new ComfyEmulator()) {
            HandlerRegistry registry = registry(Map.of("COMFY_API_URL", comfy.url().toString()));

            await().atMost(5, TimeUnit.SECONDS).until(() -> registry.capabilities(EnumSet.of(Queue.GPU)).cannotRun()
                    .getOrDefault(VideoModel.WAN_2.taskName(), "").startsWith("the ComfyUI sidecar"));
            assertThat(registry.capabilities(EnumSet.of(Queue.GPU)).cannotRun().get(VideoModel.WAN_2.taskName()))
                    .startsWith("the ComfyUI sidecar (COMFY_API_URL) lacks the node classes ")
                    .contains("WanImageToVideo", " that wan-2 needs; weights not pinned in this build");
        }
    }

    @Test
    void withAReachableSidecarComfyWorkflowsCanRun() throws Exception {
        try (ComfyEmulator comfy = new ComfyEmulator()) {
            HandlerRegistry registry = registry(Map.of("COMFY_API_URL", comfy.url().toString()));

            await().atMost(5, TimeUnit.SECONDS).until(() -> registry.capabilities(EnumSet.of(Queue.COMFY)).canRun()
                    .contains(WorkflowModel.COMFY_WORKFLOW.taskName()));
        }
    }

    @Test
    void withoutASidecarComfyWorkflowsReportTheVariableToSet() {
        Map<String, String> cannot = registry(Map.of()).capabilities(EnumSet.of(Queue.COMFY)).cannotRun();

        assertThat(cannot).containsEntry(WorkflowModel.COMFY_WORKFLOW.taskName(), "COMFY_API_URL is not set on the "
                + "workers of the comfy queue: comfy-workflow runs on a ComfyUI sidecar (see README, ComfyUI "
                + "sidecar)");
    }

    @Test
    void localModelsReportUnpinnedWeightsAndWeightsTheyMayNotDownload() {
        Map<String, String> offline = registry(Map.of("HF_HUB_OFFLINE", "1")).capabilities(EnumSet.of(Queue.GPU))
                .cannotRun();
        assertThat(offline).as("sd-xl's files pinned only by commit are pulled like the others (lock rule)")
                .containsEntry(ImageModel.SD_XL.taskName(), "weights not pulled: run ./ddiffusion models pull sd-xl "
                        + "on the workers of the gpu queue (tasks may not download them: HF_HUB_OFFLINE is set)");
        assertThat(offline).containsEntry(ImageModel.DEPTH_ANYTHING_2.taskName(), "weights not pulled: run "
                + "./ddiffusion models pull depth-anything-2 on the workers of the gpu queue (tasks may not download "
                + "them: HF_HUB_OFFLINE is set)");
        assertThat(registry(Map.of("DDIFFUSION_MODEL_DOWNLOADS", "false")).capabilities(EnumSet.of(Queue.GPU))
                .cannotRun().get(ImageModel.SAM_2.taskName())).endsWith("(tasks may not download them: "
                + "DDIFFUSION_MODEL_DOWNLOADS=false)");

        Capabilities online = registry(Map.of()).capabilities(EnumSet.of(Queue.GPU));
        assertThat(online.canRun()).as("missing weights are downloaded by the first task when allowed")
                .contains(ImageModel.DEPTH_ANYTHING_2.taskName(), ImageModel.SAM_2.taskName(),
                        ImageModel.REAL_ESRGAN_X4.taskName(), ImageModel.SD_XL.taskName());
    }

    @Test
    void capabilitiesCoverOnlyTheServedQueues() {
        Capabilities cpu = registry(Map.of()).capabilities(EnumSet.of(Queue.CPU));

        Map<Queue, List<String>> seen = java.util.stream.Stream.concat(cpu.canRun().stream(),
                cpu.cannotRun().keySet().stream()).collect(Collectors.groupingBy(
                        t -> Models.byTaskName(t).orElseThrow().queue()));
        assertThat(seen.keySet()).containsExactly(Queue.CPU);
        assertThat(seen.get(Queue.CPU)).hasSize((int) Models.all().stream().filter(m -> m.queue() == Queue.CPU)
                .count());
    }

    @Test
    void aHandlersGpuEngineIsTheServiceItRunsItsModelsOn() {
        HandlerRegistry r = registry(Map.of());

        assertThat(r.gpuEngine(ImageModel.DEPTH_ANYTHING_2.taskName())).get().extracting(GpuEngine::gpuEngineKind)
                .isEqualTo(GpuEngine.Kind.ONNX_RUNTIME);
        assertThat(r.gpuEngine(ImageModel.FLUX_1.taskName())).get().extracting(GpuEngine::gpuEngineKind)
                .isEqualTo(GpuEngine.Kind.COMFYUI);
        assertThat(r.gpuEngine(VideoModel.WAN_2.taskName())).get().extracting(GpuEngine::gpuEngineKind)
                .isEqualTo(GpuEngine.Kind.COMFYUI);
        assertThat(r.gpuEngine(WorkflowModel.COMFY_WORKFLOW.taskName())).get().extracting(GpuEngine::gpuEngineKind)
                .isEqualTo(GpuEngine.Kind.COMFYUI);
        assertThat(r.gpuEngine(ImageModel.GPT_IMAGE_1.taskName())).as("a provider model").isEmpty();
        assertThat(r.gpuEngine(TextModel.QWEN_2.taskName())).as("a separate LLM server").isEmpty();
    }
}
