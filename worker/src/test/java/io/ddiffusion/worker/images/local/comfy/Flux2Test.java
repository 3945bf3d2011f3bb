package io.ddiffusion.worker.images.local.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.images.local.comfy.Flux2.Variant;
import io.ddiffusion.worker.media.Size;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Flux2Test {

    private static ComfyImageJob job(Map<String, String> uploaded) {
        return ComfyImageJob.of("a glass house", 21L, 0.4, new Size(1210, 810), uploaded);
    }

    @Test
    void textToImageOnDevSetsPromptSeedAndTheFlooredSizeOnSchedulerAndLatent() {
        ComfyGraph g = Flux2.graph(Variant.DEV_MODEL, job(Map.of()));

        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("flux2_dev_fp8mixed.safetensors");
        assertThat(g.value("prompt", "text")).isEqualTo("a glass house");
        assertThat(g.value("noise", "noise_seed")).isEqualTo(21L);
        assertThat(g.value("latent", "width")).isEqualTo(1200);
        assertThat(g.value("latent", "height")).isEqualTo(800);
        assertThat(g.value("scheduler", "width")).isEqualTo(1200);
        assertThat(g.value("scheduler", "height")).isEqualTo(800);
        assertThat(g.value("scheduler", "steps")).isEqualTo(20L);
        assertThat(g.value("guidance", "guidance")).isEqualTo(4.0);
        assertThat(g.titled("guidance").inputs().get("conditioning")).isEqualTo(new ComfyLink(g.idOf("prompt"), 0));
    }

    @Test
    void imageAndReferencesAreChainedAsReferenceLatentsInOrder() {
        ComfyGraph g = Flux2.graph(Variant.DEV_MODEL, job(Map.of("image", "in/i.png", "references[0]", "in/r.png")));

        assertThat(g.value("image_1", "image")).isEqualTo("in/i.png");
        assertThat(g.value("image_2", "image")).isEqualTo("in/r.png");
        assertThat(g.titled("reference_1").inputs()).containsEntry("conditioning", new ComfyLink(g.idOf("prompt"), 0))
                .containsEntry("latent", new ComfyLink(g.idOf("encode_1"), 0));
        assertThat(g.titled("reference_2").inputs().get("conditioning"))
                .isEqualTo(new ComfyLink(g.idOf("reference_1"), 0));
        assertThat(g.titled("guidance").inputs().get("conditioning"))
                .isEqualTo(new ComfyLink(g.idOf("reference_2"), 0));
        assertThat(g.value("prompt", "text")).isEqualTo("a glass house");
    }

    @Test
    void kleinInpaintsWithMaskFirstInFourStepsAtCfgOne() {
        ComfyGraph g = Flux2.graph(Variant.KLEIN_MODEL, job(Map.of("image", "in/i.png", "mask", "in/m.png")));

        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("flux-2-klein-9b-fp8.safetensors");
        assertThat(g.value("image_1", "image")).isEqualTo("in/m.png");
        assertThat(g.value("image_2", "image")).isEqualTo("in/i.png");
        assertThat(g.value("prompt", "text")).isEqualTo(ComfyImageJob.INPAINT_PREFIX + "a glass house");
        assertThat(g.value("scheduler", "steps")).isEqualTo(4L);
        assertThat(g.value("guider", "cfg")).isEqualTo(1.0);
        assertThat(g.titled("guider").inputs().get("positive")).isEqualTo(new ComfyLink(g.idOf("reference_2"), 0));
        assertThat(g.value("noise", "noise_seed")).isEqualTo(21L);
    }

    @Test
    void moreThanThreePicturesAreRefusedAndTheManifestsShareTheVae() {
        assertThatThrownBy(() -> Flux2.graph(Variant.KLEIN_MODEL, job(Map.of("image", "i", "references[0]", "a",
                "references[1]", "b", "references[2]", "c"))))
                .hasMessageContaining("flux-2-klein edits with at most 3");
        assertThat(Flux2.DEV.name()).isEqualTo(ImageModel.FLUX_2.id());
        assertThat(Flux2.KLEIN.name()).isEqualTo(ImageModel.FLUX_2_KLEIN.id());
        assertThat(Flux2.KLEIN.localModel().component("vae")).isEqualTo(Flux2.DEV.localModel().component("vae"));
        assertThat(Flux2.DEV.localModel().component("vae").missing()).startsWith("no commit recorded, no exact size");
    }
}
