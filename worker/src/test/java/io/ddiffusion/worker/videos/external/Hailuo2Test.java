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

class Hailuo2Test extends RigTest {
    @BeforeEach
    void videoOutputs() {
        rig.emulator.plan(Plan.succeed(Output.MP4));
    }

    @Test
    void textToVideoAtTwoMegapixelsAsksFor1080pSixSecondsWithoutPromptOptimizerOrSeed() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.HAILUO_2, "a market", 1920, 1080, 48, false), Map.of());

        List<String> keys = new Hailuo2(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Hailuo2.MODEL)).isEqualTo(json(Map.of("prompt", "a market",
                "duration", 6, "resolution", "1080p", "prompt_optimizer", false)));
        assertOneMp4(task, keys);
    }

    @Test
    void tenSecondsAreOnlyAskedAt768pEvenForLargeSizes() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.HAILUO_2, "a market", 1920, 1080, 240, false), Map.of());

        new Hailuo2(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Hailuo2.MODEL)).isEqualTo(json(Map.of("prompt", "a market",
                "duration", 10, "resolution", "768p", "prompt_optimizer", false)));
    }

    @Test
    void imageToVideoSendsTheFirstFrameImageAtTheImagesSize() throws Exception {
        byte[] image = TestMedia.png(64, 36);
        var task = rig.videoTask(videoRequest(VideoModel.HAILUO_2, "x", 1920, 1080, 48, false),
                Map.of("image", image));

        List<String> keys = new Hailuo2(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(Hailuo2.MODEL)).isEqualTo(json(Map.of("prompt", "x", "duration", 6,
                "resolution", "768p", "prompt_optimizer", false, "first_frame_image", TestMedia.pngDataUri(image))));
        assertOneMp4(task, keys);
    }
}
