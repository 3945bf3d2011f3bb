package io.ddiffusion.worker.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.comfy.ComfyModelLinks.Outcome;
import io.ddiffusion.worker.images.local.comfy.Flux1;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.models.hub.HubCache;
import io.ddiffusion.worker.workflows.comfy.StandInWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links from ComfyUI's models folder to the Hugging Face cache, under the names the graphs load. */
class ComfyModelLinksTest {
    static final ComfyModel FLUX_1 = StandInWeights.pinned(Flux1.MODEL);

    @TempDir
    Path cacheRoot;
    @TempDir
    Path models;

    ModelWeights weights() {
        return StandInWeights.store(cacheRoot);
    }

    HubCache cache() {
        return weights().cache();
    }

    @Test
    void everyCachedFileIsLinkedIntoItsFolderUnderItsFileName() throws IOException {
        StandInWeights.pull(FLUX_1, cache());

        var results = ComfyModelLinks.link(FLUX_1, weights(), models);

        assertThat(results).extracting(ComfyModelLinks.Result::outcome).containsOnly(Outcome.LINKED);
        for (ComfyModelFile f : FLUX_1.files()) {
            Path link = models.resolve(f.folder().folder()).resolve(f.fileName());
            assertThat(Files.isSymbolicLink(link)).as(link.toString()).isTrue();
            assertThat(Files.readAllBytes(link)).isEqualTo(Files.readAllBytes(cache().find(f.component().file()
                    .orElseThrow()).orElseThrow()));
        }
        assertThat(models.resolve("vae/ae.safetensors")).exists();
        assertThat(ComfyModelLinks.link(FLUX_1, weights(), models)).extracting(ComfyModelLinks.Result::outcome)
                .as("a second pull changes nothing").containsOnly(Outcome.UNCHANGED);
    }

    @Test
    void aStaleLinkIsReplacedAndAFileOfTheUsersIsKept() throws IOException {
        StandInWeights.pull(FLUX_1, cache());
        ComfyModelFile vae = FLUX_1.files().stream().filter(f -> f.folder() == ComfyFolder.VAE).findFirst()
                .orElseThrow();
        ComfyModelFile unet = FLUX_1.files().getFirst();
        Path stale = models.resolve("vae").resolve(vae.fileName());
        Files.createDirectories(stale.getParent());
        Files.createSymbolicLink(stale, cacheRoot.resolve("gone"));
        Path users = models.resolve("diffusion_models").resolve(unet.fileName());
        Files.createDirectories(users.getParent());
        Files.writeString(users, "the user's own copy");

        var results = ComfyModelLinks.link(FLUX_1, weights(), models);

        assertThat(results.stream().filter(r -> r.file().equals(vae)).findFirst().orElseThrow().outcome())
                .isEqualTo(Outcome.LINKED);
        assertThat(Files.exists(stale)).isTrue();
        var kept = results.stream().filter(r -> r.file().equals(unet)).findFirst().orElseThrow();
        assertThat(kept.outcome()).isEqualTo(Outcome.KEPT_OTHER_FILE);
        assertThat(kept.describe()).startsWith("kept " + users + ": a file that is not our link is there");
        assertThat(Files.readString(users)).isEqualTo("the user's own copy");
    }

    @Test
    void filesNotInTheCacheAreNotLinked() throws IOException {
        var results = ComfyModelLinks.link(FLUX_1, weights(), models);

        assertThat(results).extracting(ComfyModelLinks.Result::outcome).containsOnly(Outcome.NOT_CACHED);
        assertThat(models).isEmptyDirectory();
    }
}
