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

class RunwayGen4Test extends RigTest {
    static final byte[] IMAGE = TestMedia.png(64, 36);

    @BeforeEach
    void videoOutputs() {
        rig.emulator.plan(Plan.succeed(Output.MP4));
    }

    @Test
    void imageToVideoSendsGen4TurboTheImageSeedAspectRatioAndFiveSecondsForShortRequests() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.RUNWAY_GEN_4, "waves roll in", 480, 854, 48, false),
                Map.of("image", IMAGE));

        List<String> keys = new RunwayGen4(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(RunwayGen4.IMAGE_TO_VIDEO)).isEqualTo(json(Map.of("prompt", "waves roll in",
                "seed", 7, "aspect_ratio", "16:9", "duration", 5, "image", TestMedia.pngDataUri(IMAGE))));
        assertOneMp4(task, keys);
    }

    @Test
    void imageToVideoAsksForTenSecondsWhenMoreThanFiveAreRequested() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.RUNWAY_GEN_4, "x", 854, 480, 144, false),
                Map.of("image", IMAGE));

        new RunwayGen4(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(RunwayGen4.IMAGE_TO_VIDEO).get("duration").asInt()).isEqualTo(10);
    }

    @Test
    void videoToVideoSendsAlephTheVideoAndTheImageAsReference() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.RUNWAY_GEN_4, "make it snow", 854, 480, 48, false),
                Map.of("video", TestMedia.MP4, "image", IMAGE));

        List<String> keys = new RunwayGen4(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(RunwayGen4.VIDEO_TO_VIDEO)).isEqualTo(json(Map.of("prompt", "make it snow",
                "seed", 7, "aspect_ratio", "16:9", "video", TestMedia.mp4DataUri(),
                "reference_image", TestMedia.pngDataUri(IMAGE))));
        assertOneMp4(task, keys);
    }

    @Test
    void videoToVideoWithoutAnImageSendsNoReferenceAndTheRequestedAspectRatio() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.RUNWAY_GEN_4, "x", 480, 854, 48, false),
                Map.of("video", TestMedia.MP4));

        new RunwayGen4(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(RunwayGen4.VIDEO_TO_VIDEO)).isEqualTo(json(Map.of("prompt", "x",
                "seed", 7, "aspect_ratio", "9:16", "video", TestMedia.mp4DataUri())));
    }
}
