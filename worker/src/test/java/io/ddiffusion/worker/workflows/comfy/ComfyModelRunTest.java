package io.ddiffusion.worker.workflows.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.worker.comfy.ComfyFolder;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.images.ImageTaskHandler;
import io.ddiffusion.worker.images.local.comfy.ComfyImageModels;
import io.ddiffusion.worker.images.local.comfy.Flux1;
import io.ddiffusion.worker.images.local.comfy.Flux1OnComfy;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskResult;
import io.ddiffusion.worker.testing.FakeTaskContext;
import io.ddiffusion.worker.videos.VideoTaskHandler;
import io.ddiffusion.worker.videos.local.comfy.ComfyVideoModels;
import io.ddiffusion.worker.videos.local.comfy.Wan2;
import io.ddiffusion.worker.videos.local.comfy.Wan2OnComfy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flux-1 and wan-2 through their handlers on the shared engine, against the ComfyUI emulator, with their manifests
 * pinned to stand-in files in a temporary Hugging Face cache: the graph ComfyUI receives, the uploads, progress and
 * the stored outputs, cancellation and takeover; and why a model cannot run when its files or the sidecar's nodes
 * are missing.
 */
class ComfyModelRunTest {
    static final ComfyModel FLUX_1 = StandInWeights.pinned(Flux1.MODEL);
    static final ComfyModel WAN_2 = StandInWeights.pinned(Wan2.MODEL);

    final ComfyEmulator comfy = new ComfyEmulator();
    @TempDir
    Path storage;
    @TempDir
    Path cache;

    ComfyModelRunTest() throws IOException {
        Set<String> classes = new HashSet<>(ComfyEmulator.CORE_NODES);
        classes.addAll(ComfyImageModels.nodeClasses(ImageModel.FLUX_1));
        classes.addAll(ComfyVideoModels.nodeClasses(VideoModel.WAN_2));
        comfy.nodeClasses(classes);
    }

    @AfterEach
    void stop() throws IOException {
        comfy.close();
    }

    ComfyModelRun engine(List<ComfyModel> models) {
        ComfySidecar sidecar = new ComfySidecar(ComfySettings.from(Env.of(Map.of("COMFY_API_URL",
                comfy.url().toString()))), Map.of(ImageModel.FLUX_1, ComfyImageModels.graphs(ImageModel.FLUX_1),
                VideoModel.WAN_2, ComfyVideoModels.graphs(VideoModel.WAN_2)), Map.of(ImageModel.FLUX_1, FLUX_1,
                VideoModel.WAN_2, WAN_2));
        return new ComfyModelRun(sidecar, new ComfyModelFiles(StandInWeights.store(cache), models),
                ComfyWorkflowTestTiming.FAST);
    }

    ComfyModelRun pulled() throws IOException {
        StandInWeights.pull(FLUX_1, StandInWeights.store(cache).cache());
        StandInWeights.pull(WAN_2, StandInWeights.store(cache).cache());
        return engine(List.of(FLUX_1, WAN_2));
    }

    static ImageRequest image(long seed, double strength) {
        return new ImageRequest(ImageModel.FLUX_1, "  a lighthouse\n at dusk ", 720, 1000, seed, strength, null,
                null, null);
    }

    static VideoRequest video(int frames) {
        return new VideoRequest(VideoModel.WAN_2, "waves", 480, 854, frames, 9L, null, null, null, null);
    }

    /** The node titled {@code title} in the prompt ComfyUI received. */
    static JsonNode node(JsonNode prompt, String title) {
        for (JsonNode n : prompt) {
            if (n.path("_meta").path("title").asText().equals(title)) {
                return n;
            }
        }
        throw new AssertionError("no node titled " + title + " in " + prompt);
    }

    JsonNode lastPrompt() {
        return comfy.prompts().getLast().path("prompt");
    }

    @Test
    void flux1TextToImageQueuesTheKreaGraphWithThePromptSeedAndFlooredSize() throws Exception {
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.FLUX_1.taskName(), image(7, 0.5),
                storage);

        TaskResult result = new ImageTaskHandler(new Flux1OnComfy(pulled())).run(ctx);

        assertThat(comfy.violations()).isEmpty();
        JsonNode prompt = lastPrompt();
        assertThat(node(prompt, "prompt").path("inputs").path("text").asText()).isEqualTo("a lighthouse at dusk");
        assertThat(node(prompt, "sampler").path("inputs").path("seed").asLong()).isEqualTo(7);
        assertThat(node(prompt, "latent").path("inputs").path("width").asInt()).isEqualTo(992);
        assertThat(node(prompt, "latent").path("inputs").path("height").asInt()).isEqualTo(720);
        assertThat(node(prompt, "diffusion_model").path("inputs").path("unet_name").asText())
                .isEqualTo(FLUX_1.files().getFirst().fileName());
        assertThat(comfy.uploads()).isEmpty();
        assertThat(result.files()).singleElement().satisfies(k -> assertThat(k).endsWith(ctx.taskId() + "-0.png"));
        assertThat(ctx.read(result.files().getFirst())).startsWith(0x89, 'P', 'N', 'G');
        assertThat(ctx.progressSteps()).hasToString("[[1, 3], [2, 3], [3, 3]]");
        assertThat(ctx.checkpoints()).containsEntry(ComfyRun.CHECKPOINT, ctx.taskId().toString());
    }

    @Test
    void flux1ImageToImageUploadsTheCroppedImageAndRunsKontext() throws Exception {
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.FLUX_1.taskName(), image(3, 0.5),
                storage, new FakeTaskContext.Input("image", "png", TestMedia.png(70, 40)));

        TaskResult result = new ImageTaskHandler(new Flux1OnComfy(pulled())).run(ctx);

        String folder = "ddiffusion/" + ctx.taskId();
        assertThat(comfy.uploads()).singleElement().satisfies(u -> {
            assertThat(u.subfolder()).isEqualTo(folder);
            assertThat(u.filename()).isEqualTo("image.png");
            BufferedImage sent = Images.decodeRgb(u.data());
            assertThat(sent.getWidth()).as("cropped to multiples of 16").isEqualTo(64);
            assertThat(sent.getHeight()).isEqualTo(32);
        });
        JsonNode prompt = lastPrompt();
        assertThat(node(prompt, "image").path("inputs").path("image").asText()).isEqualTo(folder + "/image.png");
        assertThat(node(prompt, "diffusion_model").path("inputs").path("unet_name").asText())
                .isEqualTo(FLUX_1.files().get(1).fileName());
        assertThat(node(prompt, "sampler").path("inputs").path("seed").asLong()).isEqualTo(3);
        assertThat(result.files()).hasSize(1);
    }

    @Test
    void flux1InpaintingUploadsImageAndMaskAndDenoisesByStrength() throws Exception {
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.FLUX_1.taskName(), image(5, 0.8),
                storage, new FakeTaskContext.Input("image", "png", TestMedia.png(64, 48)),
                new FakeTaskContext.Input("mask", "png", TestMedia.mask(64, 48)));

        TaskResult result = new ImageTaskHandler(new Flux1OnComfy(pulled())).run(ctx);

        String folder = "ddiffusion/" + ctx.taskId();
        assertThat(comfy.uploads()).extracting(ComfyEmulator.Upload::filename).containsExactly("image.png",
                "mask.png");
        JsonNode prompt = lastPrompt();
        assertThat(node(prompt, "image").path("inputs").path("image").asText()).isEqualTo(folder + "/image.png");
        assertThat(node(prompt, "mask").path("inputs").path("image").asText()).isEqualTo(folder + "/mask.png");
        assertThat(node(prompt, "sampler").path("inputs").path("denoise").asDouble()).isEqualTo(0.8);
        assertThat(node(prompt, "diffusion_model").path("inputs").path("unet_name").asText())
                .isEqualTo(FLUX_1.files().get(2).fileName());
        assertThat(result.files()).hasSize(1);
    }

    @Test
    void wan2TextToVideoQueuesBothExpertsWithSizeFramesAndSeedAndStoresTheVideo() throws Exception {
        FakeTaskContext<VideoRequest> ctx = new FakeTaskContext<>(VideoModel.WAN_2.taskName(), video(48), storage);

        TaskResult result = new VideoTaskHandler(new Wan2OnComfy(pulled())).run(ctx);

        assertThat(comfy.violations()).isEmpty();
        JsonNode prompt = lastPrompt();
        assertThat(node(prompt, "prompt").path("inputs").path("text").asText()).isEqualTo("waves");
        assertThat(node(prompt, "sampler_high").path("inputs").path("noise_seed").asLong()).isEqualTo(9);
        assertThat(node(prompt, "sampler_low").path("inputs").path("noise_seed").asLong()).isEqualTo(9);
        JsonNode latent = node(prompt, "latent").path("inputs");
        assertThat(List.of(latent.path("width").asInt(), latent.path("height").asInt(), latent.path("length")
                .asInt())).containsExactly(848, 480, 45);
        assertThat(result.files()).singleElement().satisfies(k -> assertThat(k).endsWith("-0.mp4"));
        assertThat(ctx.progressSteps()).as("both samplers report steps").hasSize(6);
    }

    @Test
    void wan2ImageToVideoUploadsTheFirstFrame() throws Exception {
        FakeTaskContext<VideoRequest> ctx = new FakeTaskContext<>(VideoModel.WAN_2.taskName(), video(33), storage,
                new FakeTaskContext.Input("image", "png", TestMedia.png(80, 48)));

        TaskResult result = new VideoTaskHandler(new Wan2OnComfy(pulled())).run(ctx);

        String folder = "ddiffusion/" + ctx.taskId();
        assertThat(comfy.uploads()).singleElement().satisfies(u -> assertThat(u.filename()).isEqualTo("image.png"));
        JsonNode prompt = lastPrompt();
        assertThat(node(prompt, "image").path("inputs").path("image").asText()).isEqualTo(folder + "/image.png");
        JsonNode conditioning = node(prompt, "conditioning").path("inputs");
        assertThat(List.of(conditioning.path("width").asInt(), conditioning.path("height").asInt(),
                conditioning.path("length").asInt())).containsExactly(80, 48, 33);
        assertThat(result.files()).hasSize(1);
    }

    @Test
    void unpinnedFilesMakeTheModelUnavailableAndFailATaskBeforeComfyIsAsked() throws Exception {
        ComfyModelRun engine = engine(List.of(Flux1.MODEL));

        assertThat(engine.unmetFor(ImageModel.FLUX_1)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("weights not pinned in this build: ").contains("files of flux-1 have no commit recorded "
                        + "(krea_dev, kontext_dev", "./ddiffusion models pull flux-1 --lock-latest",
                        "./ddiffusion models pin REPO COMMIT FILE…"));
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.FLUX_1.taskName(), image(1, 0.5),
                storage);
        assertThatThrownBy(() -> new ImageTaskHandler(new Flux1OnComfy(engine)).run(ctx))
                .isInstanceOf(ComfyException.class).hasMessageStartingWith("flux-1 cannot run on this worker: "
                        + "weights not pinned in this build");
        assertThat(comfy.prompts()).isEmpty();
    }

    @Test
    void pinnedFilesNotInTheCacheNameThePullCommand() {
        ComfyModelRun engine = engine(List.of(FLUX_1));

        assertThat(engine.unmetFor(ImageModel.FLUX_1)).contains("weights not pulled: run ./ddiffusion models pull "
                + "flux-1 on the workers of the gpu queue (" + FLUX_1.files().size() + " of the "
                + FLUX_1.files().size() + " files are not in the Hugging Face cache; tasks do not download them)");
    }

    @Test
    void aSidecarWithoutTheModelsNodesMakesItUnavailable() throws Exception {
        ComfyModelRun engine = pulled();
        assertThat(engine.unmetFor(ImageModel.FLUX_1)).isEmpty();

        comfy.nodeClasses(ComfyEmulator.CORE_NODES);
        ComfyModelRun fresh = engine(List.of(FLUX_1, WAN_2));

        assertThat(fresh.unmetFor(ImageModel.FLUX_1)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the ComfyUI sidecar (COMFY_API_URL) lacks the node classes ")
                .contains("DualCLIPLoader", "FluxGuidance", "UNETLoader").endsWith(" that flux-1 needs"));
    }

    @Test
    void aModeTheRegistryDoesNotAllowIsRefusedBeforeAnythingIsUploaded() throws Exception {
        FakeTaskContext<VideoRequest> ctx = new FakeTaskContext<>(VideoModel.WAN_2.taskName(), video(33), storage,
                new FakeTaskContext.Input("video", "mp4", TestMedia.MP4));

        assertThatThrownBy(() -> new VideoTaskHandler(new Wan2OnComfy(pulled())).run(ctx))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wan-2 does not do video-to-video");
        assertThat(comfy.uploads()).isEmpty();
        assertThat(comfy.prompts()).isEmpty();
    }

    @Test
    void cancellingAFlux1TaskInterruptsItsPromptOnTheSidecar() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(200, 20));
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.FLUX_1.taskName(), image(1, 0.5),
                storage).cancelAtStep(2);

        assertThatThrownBy(() -> new ImageTaskHandler(new Flux1OnComfy(pulled())).run(ctx))
                .isInstanceOf(TaskCancelledException.class);

        assertThat(comfy.interrupts()).containsExactly(ctx.taskId().toString());
    }

    @Test
    void aWan2TaskTakenOverAttachesToItsPromptWithoutUploadingOrQueuingAgain() throws Exception {
        comfy.plan(ComfyPlan.defaults().steps(5, 40));
        ComfyModelRun engine = pulled();
        FakeTaskContext<VideoRequest> first = new FakeTaskContext<>(VideoModel.WAN_2.taskName(), video(33), storage,
                new FakeTaskContext.Input("image", "png", TestMedia.png(64, 48)));
        String id = first.taskId().toString();
        CompletableFuture<TaskResult> firstRun = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                firstRun.complete(new VideoTaskHandler(new Wan2OnComfy(engine)).run(first));
            } catch (Throwable e) {
                firstRun.completeExceptionally(e);
            }
        });
        await().atMost(5, TimeUnit.SECONDS).until(() -> !first.progressSteps().isEmpty());
        first.cancel(CancellationToken.Reason.TAKEN_OVER);
        assertThatThrownBy(firstRun::get).hasCauseInstanceOf(TaskCancelledException.class);

        FakeTaskContext<VideoRequest> second = new FakeTaskContext<>(VideoModel.WAN_2.taskName(), video(33),
                storage, new FakeTaskContext.Input("image", "png", TestMedia.png(64, 48))).retryOf(first);
        TaskResult result = new VideoTaskHandler(new Wan2OnComfy(engine)).run(second);

        assertThat(comfy.prompts()).hasSize(1);
        assertThat(comfy.uploads()).hasSize(1);
        assertThat(comfy.interrupts()).isEmpty();
        assertThat(result.files()).singleElement().satisfies(k -> assertThat(k).endsWith(id + "-0.mp4"));
    }

    @Test
    void filesTheSidecarsLoadersDoNotListMakeTheModelUnavailableUntilTheyAppear() throws Exception {
        comfy.loaderOptions("UNETLoader", "unet_name", List.of("some_other_model.safetensors"));
        ComfyModelRun engine = pulled();
        List<String> unets = FLUX_1.files().stream().filter(f -> f.folder() == ComfyFolder.DIFFUSION_MODELS)
                .map(ComfyModelFile::fileName).toList();

        assertThat(engine.unmetFor(ImageModel.FLUX_1)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the ComfyUI sidecar (COMFY_API_URL) does not list the files " + unets.getFirst()
                        + " (diffusion_models), ")
                .endsWith(" that flux-1 loads: run ./ddiffusion models pull flux-1 with DDIFFUSION_COMFY_MODELS_DIR "
                        + "set to ComfyUI's models folder (see README, Models on the sidecar)"));

        comfy.loaderOptions("UNETLoader", "unet_name", unets); // why: a pull linked them meanwhile
        FakeTaskContext<ImageRequest> ctx = new FakeTaskContext<>(ImageModel.FLUX_1.taskName(), image(1, 0.5),
                storage);
        TaskResult result = new ImageTaskHandler(new Flux1OnComfy(engine)).run(ctx);

        assertThat(result.files()).as("the task listed the files again before giving up").hasSize(1);
        assertThat(engine.unmetFor(ImageModel.FLUX_1)).isEmpty();
    }
}
