package io.ddiffusion.worker.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.common.Provider;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.models.hub.HubFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalModelsTest {

    /**
     * The ONNX models. The models on ComfyUI join them in the catalogue the models command uses
     * ({@code BuiltInModels.LOCAL}, checked by {@code BuiltInModelsTest}): their manifests are built from this package,
     * so this one cannot list them.
     */
    @Test
    void theFourLocalImageModelsAreCataloguedUnderTheirApiNames() {
        assertThat(LocalModels.BUILT_IN.all()).extracting(LocalModel::name)
                .containsExactly("sd-xl", "depth-anything-2", "sam-2", "real-esrgan-x4");
        for (LocalModel model : LocalModels.BUILT_IN.all()) {
            assertThat(ImageModel.fromId(model.name()).provider()).isEqualTo(Provider.LOCAL);
        }
    }

    @Test
    void modelsAreFoundByNameAndAnUnknownNameListsTheKnownOnes() {
        assertThat(LocalModels.BUILT_IN.find("sam-2")).contains(LocalModels.SAM_2);
        assertThat(LocalModels.BUILT_IN.find("sam-3")).isEmpty();
        assertThatThrownBy(() -> LocalModels.BUILT_IN.require("sdxl"))
                .hasMessageContaining("'sdxl'").hasMessageContaining("sd-xl, depth-anything-2, sam-2, real-esrgan-x4");
    }

    @Test
    void modelsWithoutAVerifiedPinSayWhatIsMissing() {
        assertThat(LocalModels.DEPTH_ANYTHING_2.isPinned()).isTrue();
        assertThat(LocalModels.SAM_2.isPinned()).isTrue();
        assertThat(LocalModels.REAL_ESRGAN_X4.isPinned()).isTrue();
        assertThat(LocalModels.SD_XL.isPinned()).isFalse();
        assertThat(LocalModels.SD_XL.unpinned()).extracting(ModelComponent::role).containsExactly("unet_data",
                "vae_encoder", "vae_decoder");
        assertThat(LocalModels.SD_XL.unpinned()).as("pinned by commit: the pull locks what the Hub reports there")
                .allSatisfy(c -> {
                    assertThat(c.lockable(false)).isTrue();
                    assertThat(c.recorded().fullCommit()).isTrue();
                    assertThat(c.missing()).contains("taken from the Hub at commit 51f73290e834 when first pulled");
                });
        assertThat(LocalModels.SD_XL.component("unet_data").recorded().sha256()).as("recorded, so a lock must match")
                .contains("7905b71f0044c5ea8fea8ca0451bd73cad53492ad50f964c49c3ff9250afa350");
        assertThat(LocalModels.SD_XL.component("tokenizer_2_merges").file()).hasValueSatisfying(f -> {
            assertThat(f.size()).isEqualTo(524_619L);
            assertThat(f.sha256()).startsWith("9fd691f7c8039210");
        });
    }

    @Test
    void anOnnxGraphAndItsExternalDataArePinnedSideBySideAtOneCommit() {
        for (LocalModel model : LocalModels.BUILT_IN.all()) {
            for (ModelComponent data : model.components()) {
                if (!data.path().endsWith(".onnx_data")) {
                    continue;
                }
                String graphPath = data.path().substring(0, data.path().length() - "_data".length());
                ModelComponent graph = model.components().stream().filter(c -> c.path().equals(graphPath)
                        && c.repo().equals(data.repo())).findFirst().orElseThrow(() -> new AssertionError(
                        model.name() + " pins " + data.path() + " without its graph " + graphPath));
                if (graph.isPinned() && data.isPinned()) { // a half-pinned model cannot be pulled at all yet
                    assertThat(graph.file().map(HubFile::revision)).isEqualTo(data.file().map(HubFile::revision));
                }
            }
        }
    }

    @Test
    void thePipelinesRolesArePresent() {
        assertThat(LocalModels.SD_XL.roles()).contains("text_encoder", "text_encoder_2", "text_encoder_2_data", "unet",
                "unet_data", "vae_encoder", "vae_decoder", "tokenizer_vocab", "tokenizer_merges", "tokenizer_2_vocab",
                "tokenizer_2_merges");
        assertThat(LocalModels.SAM_2.roles()).containsExactly("vision_encoder", "vision_encoder_data", "mask_decoder",
                "mask_decoder_data", "detector", "detector_vocab", "detector_tokenizer");
        assertThat(LocalModels.DEPTH_ANYTHING_2.roles()).contains("model", "model_fp16");
        assertThatThrownBy(() -> LocalModels.SAM_2.component("unet")).hasMessageContaining("sam-2")
                .hasMessageContaining("vision_encoder");
    }

    @Test
    void aManifestRejectsDuplicateRolesAndComponentsThatNeitherPinNorExplain() {
        ModelComponent a = ModelComponent.unpinned("model", "acme/x", "a.onnx", "unknown");
        assertThatThrownBy(() -> new LocalModel("x", "", List.of(a, a))).hasMessageContaining("two components");
        assertThatThrownBy(() -> ModelComponent.unpinned("model", "acme/x", "a.onnx", " "))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> new LocalModels(List.of(LocalModels.SD_XL, LocalModels.SD_XL)))
                .hasMessageContaining("share a name");
    }

    @Test
    void sizesAreShownForPeople() {
        assertThat(ByteSize.human(461)).isEqualTo("461 B");
        assertThat(ByteSize.human(99_060_839)).isEqualTo("99.1 MB");
        assertThat(ByteSize.human(10_270_301_752L)).isEqualTo("10.3 GB");
        assertThat(ByteSize.human(999_990)).isEqualTo("1.0 MB");
    }
}
