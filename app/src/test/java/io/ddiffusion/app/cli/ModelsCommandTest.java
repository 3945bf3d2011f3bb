package io.ddiffusion.app.cli;

import io.ddiffusion.worker.models.LocalModelSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.worker.builtin.BuiltInModels;
import io.ddiffusion.worker.comfy.ComfyFolder;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.models.LocalModel;
import io.ddiffusion.worker.models.LocalModels;
import io.ddiffusion.worker.models.ModelComponent;
import io.ddiffusion.worker.models.ModelComponent.Recorded;
import io.ddiffusion.worker.models.TinyHubModels;
import io.ddiffusion.worker.models.hub.FakeHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @TempDir
    Path home;

    FakeHub hub;
    TinyHubModels tiny;
    Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(TinyHubModels.COMMIT);
        tiny = new TinyHubModels(hub);
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        env.put("HF_HOME", home.toString());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    int run(LocalModels catalogue, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        var command = new ModelsCommand(catalogue, () -> LocalModelSettings.from(Env.of(env)));
        return Main.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    int run(String... args) {
        return run(tiny.catalogue, args);
    }

    Path segRepo() {
        return home.resolve("hub/models--acme--tiny-seg-ONNX");
    }

    @Test
    void listShowsEachModelsFilesWithCommitSizeAndCacheState() {
        assertThat(run("list")).isZero();
        assertThat(out.toString()).contains("Hugging Face cache: " + home.resolve("hub"))
                .containsPattern("tiny-seg  missing  250\\.0 kB")
                .contains("acme/tiny-seg-ONNX@89abcdef0123:onnx/encoder.onnx_data")
                .containsPattern("encoder_data +missing +250\\.0 kB")
                .contains("tiny-unpinned  not pinned  size unknown").contains("sha256 unknown");

        assertThat(run("pull", "tiny-seg")).isZero();
        assertThat(run("list")).isZero();
        assertThat(out.toString()).containsPattern("tiny-seg  cached  250\\.0 kB")
                .containsPattern("encoder_data +cached");
    }

    @Test
    void pullDownloadsANamedModelWithProgressOnStderr() {
        assertThat(run("pull", "tiny-seg")).isZero();

        assertThat(out.toString()).contains("tiny-seg: ready (250.0 kB)");
        assertThat(err.toString()).contains("downloading 3 of the 3 files of tiny-seg")
                .contains("tiny-seg encoder_data (onnx/encoder.onnx_data): 100% of 250.0 kB");
        assertThat(segRepo().resolve("snapshots").resolve(TinyHubModels.COMMIT).resolve("onnx/encoder.onnx_data"))
                .hasBinaryContent(tiny.data);
    }

    @Test
    void pullWithoutNamesFetchesEveryPinnedModelAndFailsForTheOnesWithoutAPin() {
        assertThat(run("pull")).isEqualTo(1);

        assertThat(out.toString()).contains("tiny-seg: ready");
        assertThat(err.toString()).contains("skipped tiny-unpinned: this build records neither a pin nor a commit");
    }

    @Test
    void pullingAModelWithoutAPinIsRefusedByName() {
        assertThat(run("pull", "tiny-unpinned")).isEqualTo(1);

        assertThat(err.toString()).contains("error: tiny-unpinned cannot be downloaded")
                .contains("neither a verified pin");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void filesWithoutAPinInTheBuildAreLockedFromTheHubAndListedAndVerifiedFromTheLock() {
        LocalModels catalogue = new LocalModels(List.of(new LocalModel("tiny-latest", "nothing recorded", List.of(
                ModelComponent.unpinned("model", TinyHubModels.SEG_REPO, "onnx/encoder.onnx_data",
                        Recorded.NOTHING, "no commit recorded")))));
        assertThat(run(catalogue, "list")).isZero();
        assertThat(out.toString()).contains("tiny-latest  not pinned  size unknown")
                .contains("Lock file (pins taken from the Hub): " + home.resolve("deferred-diffusion-models.lock.json"));

        assertThat(run(catalogue, "pull")).isEqualTo(1);
        assertThat(err.toString()).contains("skipped tiny-latest").contains("--lock-latest");
        assertThat(run(catalogue, "pull", "tiny-latest", "--lock-latest")).isZero();

        assertThat(out.toString()).contains("tiny-latest: ready (250.0 kB)");
        assertThat(err.toString()).contains("locking tiny-latest model to commit 89abcdef0123, 250,000 bytes");
        assertThat(run(catalogue, "list")).isZero();
        assertThat(out.toString()).contains("tiny-latest  cached  250.0 kB")
                .contains("acme/tiny-seg-ONNX@89abcdef0123:onnx/encoder.onnx_data (lock file)");
        assertThat(run(catalogue, "verify", "tiny-latest")).isZero();
        assertThat(out.toString()).contains("tiny-latest: cached");
    }

    @Test
    void offlinePullRefusesAndSaysWhy() {
        env.put("HF_HUB_OFFLINE", "1");

        assertThat(run("pull", "tiny-seg")).isEqualTo(1);

        assertThat(err.toString()).contains("error: the weights of tiny-seg are not in the Hugging Face cache")
                .contains("HF_HUB_OFFLINE is set").doesNotContain("downloading");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void aChecksumMismatchFailsThePullAndLeavesNothingOfThatFileInTheCache() throws IOException {
        byte[] wrong = tiny.data.clone();
        wrong[42] ^= 1;
        hub.corrupt(TinyHubModels.SEG_REPO, "onnx/encoder.onnx_data", wrong);

        assertThat(run("pull", "tiny-seg")).isEqualTo(1);

        assertThat(err.toString()).contains("error: cannot fetch the weights of tiny-seg: checksum mismatch for "
                + "onnx/encoder.onnx_data").contains(FakeHub.sha256(tiny.data)).contains(FakeHub.sha256(wrong));
        assertThat(segRepo().resolve("snapshots").resolve(TinyHubModels.COMMIT).resolve("onnx/encoder.onnx_data"))
                .doesNotExist();
        try (Stream<Path> blobs = Files.list(segRepo().resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(FakeHub.sha256(wrong)))
                    .noneMatch(n -> n.startsWith(FakeHub.sha256(tiny.data)));
        }
    }

    @Test
    void verifyPassesForIntactWeightsAndFailsForACorruptBlobThatPullThenReplaces() throws IOException {
        run("pull", "tiny-seg");
        assertThat(run("verify", "tiny-seg")).isZero();
        assertThat(out.toString()).contains("tiny-seg: cached");

        byte[] tampered = tiny.data.clone();
        tampered[9] ^= 1;
        Files.write(segRepo().resolve("blobs").resolve(FakeHub.sha256(tiny.data)), tampered);

        assertThat(run("verify")).isEqualTo(1);
        assertThat(out.toString()).contains("tiny-seg: corrupt").containsPattern("encoder_data +corrupt");

        assertThat(run("pull", "tiny-seg")).isZero();
        assertThat(run("verify", "tiny-seg")).isZero();
    }

    @Test
    void verifyFailsForANamedModelThatIsNotCachedButNotForTheWholeCatalogue() {
        assertThat(run("verify", "tiny-seg")).isEqualTo(1);
        assertThat(out.toString()).contains("tiny-seg: missing");

        assertThat(run("verify")).as("nothing corrupt, only not installed").isZero();
        assertThat(out.toString()).contains("tiny-unpinned: not pinned");
    }

    @Test
    void anUnknownModelNameIsAClearError() {
        assertThat(run("pull", "tiny-sam")).isEqualTo(1);

        assertThat(err.toString()).contains("error: no local model named 'tiny-sam'; known: tiny-seg, tiny-unpinned");
    }

    @Test
    void pinPrintsManifestEntriesToPaste() {
        assertThat(run("pin", TinyHubModels.SEG_REPO, TinyHubModels.COMMIT, "onnx/encoder.onnx_data",
                "onnx/encoder.onnx")).isZero();

        assertThat(out.toString().lines()).containsExactly(
                "pinned(\"encoder_data\", \"acme/tiny-seg-ONNX\", \"" + TinyHubModels.COMMIT
                        + "\", \"onnx/encoder.onnx_data\", 250_000L, \"" + FakeHub.sha256(tiny.data) + "\"),",
                "pinned(\"encoder\", \"acme/tiny-seg-ONNX\", \"" + TinyHubModels.COMMIT + "\", \"onnx/encoder.onnx\", "
                        + tiny.graph.length + "L, \"" + FakeHub.sha256(tiny.graph) + "\"),");
    }

    /** A model on ComfyUI pinned to two files the fake Hub serves, in the folders its graphs would load. */
    ComfyModel tinyComfy() {
        byte[] unet = "tiny unet".getBytes(StandardCharsets.UTF_8);
        byte[] vae = "tiny vae".getBytes(StandardCharsets.UTF_8);
        hub.serve("acme/tiny-comfy", "split_files/diffusion_models/tiny_unet.safetensors", unet, true);
        hub.serve("acme/tiny-comfy", "split_files/vae/tiny_vae.safetensors", vae, true);
        return new ComfyModel("tiny-comfy", "a tiny model on ComfyUI", List.of(
                ComfyModelFile.recorded("unet", ComfyFolder.DIFFUSION_MODELS, "acme/tiny-comfy", TinyHubModels.COMMIT,
                        "split_files/diffusion_models/tiny_unet.safetensors", unet.length, FakeHub.sha256(unet), "t"),
                ComfyModelFile.recorded("vae", ComfyFolder.VAE, "acme/tiny-comfy", TinyHubModels.COMMIT,
                        "split_files/vae/tiny_vae.safetensors", vae.length, FakeHub.sha256(vae), "t")));
    }

    int runComfy(ComfyModel model, Optional<Path> modelsDir, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        var command = new ModelsCommand(new LocalModels(List.of(model.localModel())), List.of(model),
                () -> LocalModelSettings.from(Env.of(env)), () -> modelsDir);
        return Main.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void pullAndVerifyLinkAComfyModelsFilesIntoComfysModelsFolder() throws IOException {
        ComfyModel model = tinyComfy();
        Path comfyModels = home.resolve("ComfyUI/models");

        assertThat(runComfy(model, Optional.of(comfyModels), "pull", "tiny-comfy")).isZero();

        Path unet = comfyModels.resolve("diffusion_models/tiny_unet.safetensors");
        Path vae = comfyModels.resolve("vae/tiny_vae.safetensors");
        assertThat(Files.isSymbolicLink(unet)).isTrue();
        assertThat(Files.readString(unet)).isEqualTo("tiny unet");
        assertThat(Files.readString(vae)).isEqualTo("tiny vae");
        assertThat(out.toString()).contains("tiny-comfy: ready", "linked " + unet, "linked " + vae);

        Files.delete(vae);
        assertThat(runComfy(model, Optional.of(comfyModels), "verify", "tiny-comfy")).isZero();
        assertThat(out.toString()).contains("already linked " + unet, "linked " + vae);
        assertThat(Files.readString(vae)).isEqualTo("tiny vae");
    }

    @Test
    void withoutComfysModelsFolderPullSaysWhichVariableMakesTheFilesVisible() {
        ComfyModel model = tinyComfy();

        assertThat(runComfy(model, Optional.empty(), "pull", "tiny-comfy")).isZero();

        assertThat(out.toString()).contains("ComfyUI does not see these files yet: set DDIFFUSION_COMFY_MODELS_DIR "
                + "to ComfyUI's models folder");
    }

    @Test
    void pinPrintsAComfyModelsFileWithItsRoleAndModelsFolder() {
        ComfyModel model = tinyComfy();

        assertThat(runComfy(model, Optional.empty(), "pin", "acme/tiny-comfy", TinyHubModels.COMMIT,
                "split_files/vae/tiny_vae.safetensors")).isZero();

        assertThat(out.toString().lines()).containsExactly("ComfyModelFile.recorded(\"vae\", VAE, "
                + "\"acme/tiny-comfy\", \"" + TinyHubModels.COMMIT + "\", \"split_files/vae/tiny_vae.safetensors\", 8L, \""
                + FakeHub.sha256("tiny vae".getBytes(StandardCharsets.UTF_8)) + "\", \"Hub at 89abcdef\"),");
    }

    @Test
    void theBuiltInCatalogueListsWithoutNetworkAndSaysWhatIsNotPinned() {
        assertThat(run(BuiltInModels.LOCAL, "list")).isZero();

        assertThat(out.toString()).contains("sd-xl  missing  size unknown").contains("depth-anything-2  missing")
                .contains("onnx-community/sam2.1-hiera-base-plus-ONNX@bab18593f44e:onnx/vision_encoder_fp16.onnx_data")
                .contains("real-esrgan-x4  missing")
                .contains("stabilityai/stable-diffusion-xl-base-1.0@51f73290e834:unet/model.onnx")
                .containsPattern("vae_decoder +not locked +stabilityai/stable-diffusion-xl-base-1.0:vae_decoder/")
                .contains("exact size not recorded: taken from the Hub at commit 51f73290e834 when first pulled")
                .contains("flux-1  not pinned  size unknown", "wan-2  not pinned", "ltx-video  not pinned")
                .contains("Comfy-Org/FLUX.1-Krea-dev_ComfyUI:");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void theModelsCommandIsPartOfTheDistributionsCli() {
        var help = new StringWriter();
        int code = Main.commandLine(new RootCommand(), new PrintWriter(help, true), new PrintWriter(new StringWriter()))
                .execute("models", "--help");

        assertThat(code).isZero();
        assertThat(help.toString()).contains("list").contains("pull").contains("verify").contains("pin");
    }
}
