package io.ddiffusion.worker.images.local.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.media.Size;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QwenImageTest {

    private static ComfyImageJob job(Map<String, String> uploaded) {
        return ComfyImageJob.of("a tea house", 99L, 0.3, new Size(1000, 750), uploaded);
    }

    @Test
    void textToImageRunsQwenImageWithTheOriginalsPromptSuffix() {
        ComfyGraph g = QwenImage.graph(job(Map.of()));

        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("qwen_image_fp8_e4m3fn.safetensors");
        assertThat(g.value("prompt", "text")).isEqualTo("a tea house Ultra HD, 4K, cinematic composition.");
        assertThat(g.value("negative_prompt", "text")).isEqualTo(" ");
        assertThat(g.value("sampler", "seed")).isEqualTo(99L);
        assertThat(g.value("latent", "width")).isEqualTo(992);
        assertThat(g.value("latent", "height")).isEqualTo(736);
        assertThat(g.value("sampler", "steps")).isEqualTo(20L);
        assertThat(g.value("sampler", "cfg")).isEqualTo(4.0);
    }

    @Test
    void anImageWithReferencesIsEditedWithImageFirstThenTheReferences() {
        ComfyGraph g = QwenImage.graph(job(Map.of("image", "in/i.png", "references[1]", "in/r1.png",
                "references[0]", "in/r0.png")));

        assertThat(g.value("diffusion_model", "unet_name")).isEqualTo("qwen_image_edit_2509_fp8_e4m3fn.safetensors");
        assertThat(g.value("prompt", "prompt")).isEqualTo("a tea house");
        assertThat(g.value("image_1", "image")).isEqualTo("in/i.png");
        assertThat(g.value("image_2", "image")).isEqualTo("in/r0.png");
        assertThat(g.value("image_3", "image")).isEqualTo("in/r1.png");
        assertThat(g.titled("prompt").inputs().get("image3")).isEqualTo(new ComfyLink(g.idOf("image_3"), 0));
        assertThat(g.value("latent", "width")).isEqualTo(992);
        assertThat(g.value("sampler", "cfg")).isEqualTo(2.5);
        assertThat(g.value("sampler", "denoise")).as("strength is ignored").isEqualTo(1.0);
    }

    @Test
    void oneImageLeavesNoUnusedLoaderAndNoLinkToOne() {
        ComfyGraph g = QwenImage.graph(job(Map.of("image", "in/i.png")));

        assertThat(g.value("image_1", "image")).isEqualTo("in/i.png");
        assertThat(g.nodes().values()).noneMatch(n -> n.title().equals("image_2") || n.title().equals("image_3"));
        assertThat(g.titled("prompt").inputs()).doesNotContainKeys("image2", "image3");
        assertThat(g.titled("negative_prompt").inputs()).doesNotContainKeys("image2", "image3");
    }

    @Test
    void inpaintingShowsTheMaskFirstAndSaysSoInThePrompt() {
        ComfyGraph g = QwenImage.graph(job(Map.of("image", "in/i.png", "mask", "in/m.png")));

        assertThat(g.value("image_1", "image")).isEqualTo("in/m.png");
        assertThat(g.value("image_2", "image")).isEqualTo("in/i.png");
        assertThat(g.value("prompt", "prompt")).isEqualTo(ComfyImageJob.INPAINT_PREFIX + "a tea house");
    }

    @Test
    void moreThanThreePicturesAreRefusedAndTheManifestKeepsWhatIsRecorded() {
        assertThatThrownBy(() -> QwenImage.graph(job(Map.of("image", "i", "mask", "m", "references[0]", "r0",
                "references[1]", "r1")))).hasMessageEndingWith("at most 3 pictures (image, mask and references"
                + " together), not 4");
        var model = QwenImage.MODEL.localModel();
        assertThat(model.name()).isEqualTo(ImageModel.QWEN_IMAGE.id());
        assertThat(model.component("text_encoder").missing()).contains("prefix 1f12b17b", "9,384,670,680 bytes");
    }
}
