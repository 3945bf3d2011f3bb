package io.ddiffusion.worker.images.local.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.media.Size;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZImageTest {

    @Test
    void textToImageSetsPromptSeedAndTheSizeFlooredTo16() {
        ComfyGraph g = ZImage.graph(ComfyImageJob.of("a lighthouse", 5L, 0.5, new Size(1031, 777), Map.of()));

        assertThat(g.value("prompt", "text")).isEqualTo("a lighthouse");
        assertThat(g.value("sampler", "seed")).isEqualTo(5L);
        assertThat(g.value("latent", "width")).isEqualTo(1024);
        assertThat(g.value("latent", "height")).isEqualTo(768);
        assertThat(g.value("sampler", "steps")).isEqualTo(8L);
        assertThat(g.value("sampler", "cfg")).isEqualTo(1.0);
        assertThat(g.value("shift", "shift")).isEqualTo(3.0);
        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("z_image_turbo_bf16.safetensors");
        assertThat(g.value("text_encoder", "type")).isEqualTo("lumina2");
    }

    @Test
    void anImageIsRefusedAndTheManifestKeepsWhatIsRecorded() {
        assertThatThrownBy(() -> ZImage.graph(ComfyImageJob.of("x", 1, 0.5, new Size(64, 64),
                Map.of("image", "in/i.png")))).hasMessageContaining("text-to-image only");
        var model = ZImage.MODEL.localModel();
        assertThat(model.name()).isEqualTo(ImageModel.Z_IMAGE.id());
        assertThat(model.component("diffusion_model").missing())
                .isEqualTo("no commit recorded, no exact size recorded; recorded: sha256 2407613050b8… (a third-party"
                        + " file)");
    }
}
