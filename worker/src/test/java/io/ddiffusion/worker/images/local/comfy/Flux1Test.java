package io.ddiffusion.worker.images.local.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.images.local.comfy.Flux1.Mode;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.models.ModelComponent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Flux1Test {

    private static ComfyImageJob job(Map<String, String> uploaded) {
        return ComfyImageJob.of("a red fox in snow", 1234L, 0.8, new Size(1283, 725), uploaded);
    }

    @Test
    void textToImageRunsKreaWithThePromptSeedAndTheSizeFlooredTo16() {
        ComfyGraph g = Flux1.graph(job(Map.of()));

        assertThat(Flux1.mode(job(Map.of()))).isEqualTo(Mode.TEXT_TO_IMAGE);
        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("flux1-krea-dev_fp8_scaled.safetensors");
        assertThat(g.value("prompt", "text")).isEqualTo("a red fox in snow");
        assertThat(g.value("sampler", "seed")).isEqualTo(1234L);
        assertThat(g.value("latent", "width")).isEqualTo(1280);
        assertThat(g.value("latent", "height")).isEqualTo(720);
        assertThat(g.value("sampler", "steps")).isEqualTo(30L);
        assertThat(g.value("sampler", "cfg")).isEqualTo(1.0);
        assertThat(g.value("guidance", "guidance")).isEqualTo(2.5);
        assertThat(g.value("sampler", "denoise")).as("text-to-image ignores strength").isEqualTo(1.0);
        assertThat(g.titled("sampler").inputs().get("latent_image")).isEqualTo(new ComfyLink(g.idOf("latent"), 0));
    }

    @Test
    void anImageSelectsKontextWhichEditsTheUploadedImageAndIgnoresStrength() {
        var job = job(Map.of("image", "ddiffusion/t1/image.png"));
        ComfyGraph g = Flux1.graph(job);

        assertThat(Flux1.mode(job)).isEqualTo(Mode.IMAGE_TO_IMAGE);
        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("flux1-dev-kontext_fp8_scaled.safetensors");
        assertThat(g.value("image", "image")).isEqualTo("ddiffusion/t1/image.png");
        assertThat(g.value("prompt", "text")).isEqualTo("a red fox in snow");
        assertThat(g.value("sampler", "seed")).isEqualTo(1234L);
        assertThat(g.value("sampler", "denoise")).isEqualTo(1.0);
        assertThat(g.value("guidance", "guidance")).isEqualTo(2.5);
        assertThat(g.titled("reference").inputs().get("latent")).isEqualTo(new ComfyLink(g.idOf("encode"), 0));
        assertThat(g.titled("sampler").inputs().get("latent_image")).isEqualTo(new ComfyLink(g.idOf("encode"), 0));
    }

    @Test
    void aMaskSelectsFillWhichDenoisesByTheRequestsStrength() {
        var job = job(Map.of("image", "ddiffusion/t1/image.png", "mask", "ddiffusion/t1/mask.png"));
        ComfyGraph g = Flux1.graph(job);

        assertThat(Flux1.mode(job)).isEqualTo(Mode.INPAINTING);
        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("flux1-fill-dev.safetensors");
        assertThat(g.value("image", "image")).isEqualTo("ddiffusion/t1/image.png");
        assertThat(g.value("mask", "image")).isEqualTo("ddiffusion/t1/mask.png");
        assertThat(g.value("mask", "channel")).isEqualTo("red");
        assertThat(g.value("sampler", "denoise")).isEqualTo(0.8);
        assertThat(g.value("sampler", "seed")).isEqualTo(1234L);
        assertThat(g.value("guidance", "guidance")).isEqualTo(30.0);
        assertThat(g.value("inpaint", "noise_mask")).isEqualTo(true);
    }

    @Test
    void theManifestKeepsWhatIsRecordedAndPinsNothingItCannotVerify() {
        var model = Flux1.MODEL.localModel();

        assertThat(model.name()).isEqualTo(ImageModel.FLUX_1.id());
        assertThat(model.roles()).containsExactly("krea_dev", "kontext_dev", "fill_dev", "clip_l", "t5xxl", "vae");
        assertThat(model.isPinned()).as("no source gives a full commit for any file").isFalse();
        assertThat(model.component("krea_dev").missing()).startsWith("no commit recorded, no sha256 recorded");
        assertThat(model.component("fill_dev").missing()).isEqualTo("commit known only by its prefix 358293da,"
                + " no exact size recorded; recorded: sha256 03e289f530df… (a third-party file, whose size has a"
                + " typo)");
        assertThat(model.component("vae").missing()).contains("335,304,388 bytes");
        assertThat(model.components()).extracting(ModelComponent::repo).contains("comfyanonymous/flux_text_encoders");
    }
}
