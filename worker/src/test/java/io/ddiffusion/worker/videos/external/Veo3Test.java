package io.ddiffusion.worker.videos.external;

import static io.ddiffusion.worker.providers.replicate.ReplicateRig.json;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.videoContext;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.videoRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Output;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Plan;
import io.ddiffusion.worker.providers.replicate.RigTest;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Veo3Test extends RigTest {
    static final byte[] FIRST = TestMedia.png(36, 64);
    static final byte[] LAST = TestMedia.png(36, 64);

    @BeforeEach
    void videoOutputs() {
        rig.emulator.plan(Plan.succeed(Output.MP4));
    }

    @Test
    void textToVideoOfASquareSizeAsksFor16By9AndFourSeconds() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.VEO_3, "rain on glass", 512, 512, 96, true), Map.of());

        List<String> keys = new Veo3(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Veo3.MODEL)).isEqualTo(json(Map.of("prompt", "rain on glass", "seed", 7,
                "aspect_ratio", "16:9", "duration", 4, "generate_audio", true)));
        assertOneMp4(task, keys);
    }

    @Test
    void firstAndLastFramesGoAsImageAndLastFrameWithEightSecondsFromFiveUp() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.VEO_3, "dusk falls", 854, 480, 120, false),
                Map.of("image", FIRST, "last_image", LAST));

        List<String> keys = new Veo3(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Veo3.MODEL)).isEqualTo(json(Map.of("prompt", "dusk falls", "seed", 7,
                "aspect_ratio", "9:16", "duration", 8, "generate_audio", false, "image", TestMedia.pngDataUri(FIRST),
                "last_frame", TestMedia.pngDataUri(LAST))));
        assertOneMp4(task, keys);
    }

    @Test
    void aLastFrameIsNeverSentWithoutAFirstFrame() {
        assertThat(Veo3.payload("x", 1, "16:9", 8, false, null, "data:image/png;base64,AA==")).doesNotContainKey(
                "last_frame");
        assertThat(Veo3.aspectRatio(1280, 720)).isEqualTo("16:9");
        assertThat(Veo3.aspectRatio(720, 1280)).isEqualTo("9:16");
    }
}
