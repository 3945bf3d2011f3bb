package io.ddiffusion.worker.videos.local.comfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.videos.local.comfy.HunyuanVideo1.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HunyuanVideo1Test {

    @Test
    void textToVideoRunsTheCfgDistilledModelWithTheOriginals35Steps() {
        var job = ComfyVideoJob.of("rain on a window", 3L, new Size(854, 480), 48, Map.of());
        ComfyGraph g = HunyuanVideo1.graph(job);

        assertThat(HunyuanVideo1.mode(job)).isEqualTo(Mode.TEXT_TO_VIDEO);
        assertThat(g.value("diffusion_model", "unet_name"))
                .isEqualTo("hunyuanvideo1.5_480p_t2v_cfg_distilled_fp8_scaled.safetensors");
        assertThat(g.value("text_encoders", "type")).isEqualTo("hunyuan_video_15");
        assertThat(g.value("prompt", "text")).isEqualTo("rain on a window");
        assertThat(g.value("noise", "noise_seed")).isEqualTo(3L);
        assertThat(g.value("latent", "width")).isEqualTo(848);
        assertThat(g.value("latent", "height")).isEqualTo(480);
        assertThat(g.value("latent", "length")).isEqualTo(45);
        assertThat(g.value("scheduler", "steps")).isEqualTo(35L);
        assertThat(g.value("guider", "cfg")).isEqualTo(1.0);
        assertThat(g.value("video", "fps")).isEqualTo(24.0);
    }

    @Test
    void imageToVideoConditionsOnTheUploadedFrameAndItsVisionEncoding() {
        var job = ComfyVideoJob.of("rain", 3L, new Size(1280, 720), 121, Map.of("image", "in/f.png"));
        ComfyGraph g = HunyuanVideo1.graph(job);

        assertThat(HunyuanVideo1.mode(job)).isEqualTo(Mode.IMAGE_TO_VIDEO);
        assertThat(g.value("diffusion_model", "unet_name"))
                .isEqualTo("hunyuanvideo1.5_480p_i2v_step_distilled_fp8_scaled.safetensors");
        assertThat(g.value("image", "image")).isEqualTo("in/f.png");
        assertThat(g.titled("conditioning").inputs())
                .containsEntry("start_image", new ComfyLink(g.idOf("image"), 0))
                .containsEntry("clip_vision_output", new ComfyLink(g.idOf("clip_vision_encode"), 0));
        assertThat(g.value("conditioning", "width")).as("0.92 MP: under the cap").isEqualTo(1280);
        assertThat(g.value("conditioning", "height")).isEqualTo(720);
        assertThat(g.value("conditioning", "length")).isEqualTo(121);
        assertThat(g.value("scheduler", "steps")).isEqualTo(12L);
    }

    @Test
    void aLastImageIsRefusedAndTheManifestKeepsWhatIsRecorded() {
        assertThatThrownBy(() -> HunyuanVideo1.graph(ComfyVideoJob.of("x", 1, new Size(64, 64), 9,
                Map.of("image", "a", "last_image", "b")))).hasMessageContaining("no last image");
        var model = HunyuanVideo1.MODEL.localModel();
        assertThat(model.name()).isEqualTo(VideoModel.HUNYUAN_VIDEO_1.id());
        assertThat(model.component("clip_vision").missing()).isEqualTo("no commit recorded; recorded: sha256"
                + " 1fee501deaba…, 856,505,640 bytes (third-party files)");
    }
}
