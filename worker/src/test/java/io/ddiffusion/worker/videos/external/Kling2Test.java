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

class Kling2Test extends RigTest {
    static final byte[] FIRST = TestMedia.png(64, 64);
    static final byte[] LAST = TestMedia.png(64, 64);

    @BeforeEach
    void videoOutputs() {
        rig.emulator.plan(Plan.succeed(Output.MP4));
    }

    @Test
    void textToVideoSendsKling26ThePromptAspectRatioDurationAndAudio() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.KLING_2, "a drone shot", 512, 512, 240, true), Map.of());

        List<String> keys = new Kling2(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Kling2.MODEL)).isEqualTo(json(Map.of("prompt", "a drone shot",
                "aspect_ratio", "1:1", "duration", 10, "generate_audio", true)));
        assertOneMp4(task, keys);
    }

    @Test
    void imageToVideoSendsKling26TheStartImage() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.KLING_2, "x", 854, 480, 48, false), Map.of("image", FIRST));

        List<String> keys = new Kling2(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Kling2.MODEL)).isEqualTo(json(Map.of("prompt", "x", "aspect_ratio", "1:1",
                "duration", 5, "generate_audio", false, "start_image", TestMedia.pngDataUri(FIRST))));
        assertOneMp4(task, keys);
    }

    @Test
    void aLastFrameSwitchesToKling21InProModeWithStartAndEndImages() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.KLING_2, "morph", 854, 480, 48, true),
                Map.of("image", FIRST, "last_image", LAST));

        List<String> keys = new Kling2(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Kling2.FIRST_AND_LAST)).isEqualTo(json(Map.of("prompt", "morph",
                "duration", 5, "mode", "pro", "start_image", TestMedia.pngDataUri(FIRST),
                "end_image", TestMedia.pngDataUri(LAST))));
        assertThat(rig.emulator.predictionIds()).hasSize(1);
        assertThat(task.logs()).anyMatch(l -> l.contains("does not generate audio"));
        assertOneMp4(task, keys);
    }
}
