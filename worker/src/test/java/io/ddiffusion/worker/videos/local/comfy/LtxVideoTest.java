package io.ddiffusion.worker.videos.local.comfy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.media.Size;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LtxVideoTest {

    private static ComfyGraph graph(Map<String, String> uploaded) {
        return LtxVideo.graph(ComfyVideoJob.of("a fox runs", 8L, new Size(854, 480), 48, uploaded));
    }

    @Test
    void textToVideoSetsPromptSeedSizeFlooredTo32AndFrames8kPlus1() {
        ComfyGraph g = graph(Map.of());

        assertThat(g.value("checkpoint", "ckpt_name")).isEqualTo("ltxv-13b-0.9.7-distilled.safetensors");
        assertThat(g.value("text_encoder", "type")).isEqualTo("ltxv");
        assertThat(g.value("prompt", "text")).isEqualTo("a fox runs");
        assertThat(g.value("negative_prompt", "text")).isEqualTo(LtxVideo.NEGATIVE_PROMPT);
        assertThat(g.value("noise", "noise_seed")).isEqualTo(8L);
        assertThat(g.value("latent", "width")).isEqualTo(832);
        assertThat(g.value("latent", "height")).isEqualTo(480);
        assertThat(g.value("latent", "length")).isEqualTo(41);
        assertThat(g.value("scheduler", "steps")).isEqualTo(10L);
        assertThat(g.value("guider", "cfg")).isEqualTo(1.0);
        assertThat(g.value("frame_rate", "frame_rate")).isEqualTo(24.0);
        assertThat(g.value("video", "fps")).isEqualTo(24.0);
        assertThat(g.nodes().values()).noneMatch(n -> n.classType().equals("LTXVCropGuides"));
    }

    @Test
    void imageToVideoConditionsTheFirstFrameOnTheUploadedImage() {
        ComfyGraph g = graph(Map.of("image", "in/f.png"));

        assertThat(g.value("image", "image")).isEqualTo("in/f.png");
        assertThat(g.value("conditioning", "width")).isEqualTo(832);
        assertThat(g.value("conditioning", "length")).isEqualTo(41);
        assertThat(g.value("conditioning", "strength")).isEqualTo(1.0);
        assertThat(g.titled("sampler").inputs().get("latent_image"))
                .isEqualTo(new ComfyLink(g.idOf("conditioning"), 2));
    }

    @Test
    void aLastImageIsAGuideAtTheLastFrameCroppedBeforeDecoding() {
        ComfyGraph g = graph(Map.of("image", "in/f.png", "last_image", "in/l.png"));

        String guide = g.idOf("last_guide");
        assertThat(g.value("last_image", "image")).isEqualTo("in/l.png");
        assertThat(g.value("last_guide", "frame_idx")).isEqualTo(-1L);
        assertThat(g.titled("last_guide").inputs()).containsEntry("latent", new ComfyLink(g.idOf("conditioning"), 2))
                .containsEntry("image", new ComfyLink(g.idOf("last_image"), 0));
        assertThat(g.titled("frame_rate").inputs()).containsEntry("positive", new ComfyLink(guide, 0))
                .containsEntry("negative", new ComfyLink(guide, 1));
        assertThat(g.titled("sampler").inputs().get("latent_image")).isEqualTo(new ComfyLink(guide, 2));
        assertThat(g.titled("crop_guides").inputs().get("latent")).isEqualTo(new ComfyLink(g.idOf("sampler"), 0));
        assertThat(g.titled("decode").inputs().get("samples")).isEqualTo(new ComfyLink(g.idOf("crop_guides"), 2));
    }

    @Test
    void aVideoWithoutAnImageGuidesItsFirstFramesOnTheEmptyLatent() {
        ComfyGraph g = graph(Map.of("video", "in/v.mp4"));

        assertThat(g.value("input_video", "file")).isEqualTo("in/v.mp4");
        assertThat(g.value("first_frames", "length")).isEqualTo(41L);
        assertThat(g.value("video_guide", "frame_idx")).isEqualTo(0L);
        assertThat(g.titled("video_guide").inputs()).containsEntry("latent", new ComfyLink(g.idOf("latent"), 0))
                .containsEntry("positive", new ComfyLink(g.idOf("prompt"), 0));
        assertThat(g.titled("sampler").inputs().get("latent_image"))
                .isEqualTo(new ComfyLink(g.idOf("video_guide"), 2));
    }

    @Test
    void theManifestSharesFlux1sT5() {
        var model = LtxVideo.MODEL.localModel();
        assertThat(model.name()).isEqualTo(VideoModel.LTX_VIDEO.id());
        assertThat(model.component("text_encoder").repo()).isEqualTo("comfyanonymous/flux_text_encoders");
        assertThat(model.component("checkpoint").missing()).startsWith("no commit recorded");
    }
}
