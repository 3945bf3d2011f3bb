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

class Seedance1Test extends RigTest {
    static final byte[] FIRST = TestMedia.png(36, 64);
    static final byte[] LAST = TestMedia.png(36, 64);

    @BeforeEach
    void videoOutputs() {
        rig.emulator.plan(Plan.succeed(Output.MP4));
    }

    @Test
    void textToVideoSendsThePromptSeedAspectRatioDurationAndAudioFlag() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.SEEDANCE_1, "a parade", 854, 480, 130, true), Map.of());

        List<String> keys = new Seedance1(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Seedance1.MODEL)).isEqualTo(json(Map.of("prompt", "a parade", "seed", 7,
                "aspect_ratio", "16:9", "duration", 5, "generate_audio", true)));
        assertOneMp4(task, keys);
    }

    @Test
    void firstAndLastFramesGoAsImageAndLastFrameImage() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.SEEDANCE_1, "she turns", 854, 480, 144, false),
                Map.of("image", FIRST, "last_image", LAST));

        List<String> keys = new Seedance1(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Seedance1.MODEL)).isEqualTo(json(Map.of("prompt", "she turns", "seed", 7,
                "aspect_ratio", "9:16", "duration", 10, "generate_audio", false, "image", TestMedia.pngDataUri(FIRST),
                "last_frame_image", TestMedia.pngDataUri(LAST))));
        assertOneMp4(task, keys);
    }

    @Test
    void aFirstFrameAloneIsImageToVideo() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.SEEDANCE_1, "x", 854, 480, 48, false),
                Map.of("image", FIRST));

        new Seedance1(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Seedance1.MODEL).has("image")).isTrue();
        assertThat(rig.emulator.lastInput(Seedance1.MODEL).has("last_frame_image")).isFalse();
    }
}
