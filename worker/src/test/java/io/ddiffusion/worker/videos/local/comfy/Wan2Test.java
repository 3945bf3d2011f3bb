package io.ddiffusion.worker.videos.local.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.videos.local.comfy.Wan2.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Wan2Test {

    private static ComfyVideoJob job(Size size, int frames, Map<String, String> uploaded) {
        return ComfyVideoJob.of("a boat at dawn", 77L, size, frames, uploaded);
    }

    @Test
    void textToVideoRunsBothT2vExpertsWithPromptSeedSizeAndFrames() {
        ComfyGraph g = Wan2.graph(job(new Size(854, 480), 48, Map.of()));

        assertThat(Wan2.mode(job(new Size(854, 480), 48, Map.of()))).isEqualTo(Mode.TEXT_TO_VIDEO);
        assertThat(g.value("diffusion_model_high", "unet_name"))
                .isEqualTo("wan2.2_t2v_high_noise_14B_fp8_scaled.safetensors");
        assertThat(g.value("diffusion_model_low", "unet_name"))
                .isEqualTo("wan2.2_t2v_low_noise_14B_fp8_scaled.safetensors");
        assertThat(g.value("prompt", "text")).isEqualTo("a boat at dawn");
        assertThat(g.value("negative_prompt", "text")).isEqualTo(Wan2.NEGATIVE_PROMPT);
        assertThat(g.value("sampler_high", "noise_seed")).isEqualTo(77L);
        assertThat(g.value("sampler_low", "noise_seed")).isEqualTo(77L);
        assertThat(g.value("latent", "width")).as("854 floored to 16").isEqualTo(848);
        assertThat(g.value("latent", "height")).isEqualTo(480);
        assertThat(g.value("latent", "length")).as("48 frames made 4k+1").isEqualTo(45);
        assertThat(g.value("video", "fps")).isEqualTo(16.0);
        assertThat(g.value("sampler_high", "steps")).isEqualTo(20L);
        assertThat(g.value("sampler_high", "cfg")).isEqualTo(3.5);
        assertThat(g.value("sampler_high", "end_at_step")).isEqualTo(10L);
        assertThat(g.value("sampler_low", "start_at_step")).isEqualTo(10L);
        assertThat(g.value("shift_high", "shift")).isEqualTo(8.0);
        assertThat(g.titled("sampler_low").inputs().get("latent_image"))
                .isEqualTo(new ComfyLink(g.idOf("sampler_high"), 0));
    }

    @Test
    void imageToVideoRunsTheI2vExpertsWithTheFourStepLorasOnTheUploadedFrame() {
        var job = job(new Size(1920, 1080), 81, Map.of("image", "ddiffusion/t2/image.png"));
        ComfyGraph g = Wan2.graph(job);

        assertThat(Wan2.mode(job)).isEqualTo(Mode.IMAGE_TO_VIDEO);
        assertThat(g.value("diffusion_model_high", "unet_name"))
                .isEqualTo("wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors");
        assertThat(g.value("lora_high", "lora_name"))
                .isEqualTo("wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors");
        assertThat(g.value("image", "image")).isEqualTo("ddiffusion/t2/image.png");
        assertThat(g.titled("conditioning").classType()).isEqualTo("WanImageToVideo");
        assertThat(g.value("conditioning", "width")).as("1920×1080 capped to 1 MP (1333×750), floored")
                .isEqualTo(1328);
        assertThat(g.value("conditioning", "height")).isEqualTo(736);
        assertThat(g.value("conditioning", "length")).isEqualTo(81);
        assertThat(g.value("sampler_high", "steps")).isEqualTo(4L);
        assertThat(g.value("sampler_high", "cfg")).isEqualTo(1.0);
        assertThat(g.value("sampler_low", "start_at_step")).isEqualTo(2L);
        assertThat(g.value("sampler_high", "noise_seed")).isEqualTo(77L);
        assertThat(g.titled("sampler_high").inputs().get("latent_image"))
                .isEqualTo(new ComfyLink(g.idOf("conditioning"), 2));
    }

    @Test
    void aLastImageConditionsOnTheFirstAndTheLastFrame() {
        var job = job(new Size(640, 640), 33, Map.of("image", "in/first.png", "last_image", "in/last.png"));
        ComfyGraph g = Wan2.graph(job);

        assertThat(Wan2.mode(job)).isEqualTo(Mode.FIRST_LAST_FRAME_TO_VIDEO);
        assertThat(g.titled("conditioning").classType()).isEqualTo("WanFirstLastFrameToVideo");
        assertThat(g.value("image", "image")).isEqualTo("in/first.png");
        assertThat(g.value("last_image", "image")).isEqualTo("in/last.png");
        assertThat(g.titled("conditioning").inputs()).containsEntry("start_image", new ComfyLink(g.idOf("image"), 0))
                .containsEntry("end_image", new ComfyLink(g.idOf("last_image"), 0));
        assertThat(g.value("conditioning", "length")).isEqualTo(33);
        assertThat(g.value("conditioning", "width")).isEqualTo(640);
    }

    @Test
    void sizingFollowsTheOriginal() {
        assertThat(job(new Size(1280, 720), 1, Map.of()).workingSize(1.0, 16)).isEqualTo(new Size(1280, 720));
        assertThat(job(new Size(1281, 721), 1, Map.of()).workingSize(1.0, 16)).isEqualTo(new Size(1280, 720));
        assertThat(job(new Size(2000, 2000), 1, Map.of()).workingSize(1.0, 16)).isEqualTo(new Size(992, 992));
        assertThat(job(new Size(64, 64), 1, Map.of()).framesPlusOne(4)).isEqualTo(1);
        assertThat(job(new Size(64, 64), 121, Map.of()).framesPlusOne(4)).isEqualTo(121);
        assertThat(job(new Size(64, 64), 124, Map.of()).framesPlusOne(4)).isEqualTo(121);
    }

    @Test
    void theManifestKeepsWhatIsRecorded() {
        var model = Wan2.MODEL.localModel();

        assertThat(model.name()).isEqualTo(VideoModel.WAN_2.id());
        assertThat(model.isPinned()).isFalse();
        assertThat(model.component("text_encoder").missing()).isEqualTo("commit known only by its prefix 617a7633;"
                + " recorded: sha256 c3355d30191f…, 6,735,906,897 bytes (Dinkster, SwarmUI)");
        assertThat(model.component("vae").missing()).startsWith("no commit recorded; recorded: sha256 2fc39d31359a…");
        assertThat(model.component("i2v_lora_low").path())
                .isEqualTo("split_files/loras/wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors");
    }
}
