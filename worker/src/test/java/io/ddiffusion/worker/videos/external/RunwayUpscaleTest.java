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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunwayUpscaleTest extends RigTest {
    @BeforeEach
    void videoOutputs() {
        rig.emulator.plan(Plan.succeed(Output.MP4));
    }

    @Test
    void sendsOnlyTheVideo() throws Exception {
        var task = rig.videoTask(videoRequest(VideoModel.RUNWAY_UPSCALE, "ignored", 854, 480, 48, false),
                Map.of("video", TestMedia.MP4));

        List<String> keys = new RunwayUpscale(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.lastInput(RunwayUpscale.MODEL)).isEqualTo(json(Map.of("video",
                TestMedia.mp4DataUri())));
        assertOneMp4(task, keys);
    }

    @Test
    void aVideoOver256KiBIsUploadedThroughTheFilesApiAsMp4() throws Exception {
        byte[] big = Arrays.copyOf(TestMedia.MP4, 300 * 1024);
        var task = rig.videoTask(videoRequest(VideoModel.RUNWAY_UPSCALE, "x", 854, 480, 48, false),
                Map.of("video", big));

        new RunwayUpscale(rig.client()).run(videoContext(task));

        assertThat(rig.emulator.uploads()).singleElement().satisfies(f -> {
            assertThat(f.declaredType()).isEqualTo("video/mp4");
            assertThat(f.bytes()).isEqualTo(big);
        });
        assertThat(rig.emulator.lastInput(RunwayUpscale.MODEL).get("video").asText())
                .startsWith(rig.emulator.baseUrl() + "/files/");
    }
}
