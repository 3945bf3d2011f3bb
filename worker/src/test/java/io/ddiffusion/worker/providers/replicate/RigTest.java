package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.media.Images;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the handler tests: a Replicate emulator and client per test, and assertions on stored outputs. */
public abstract class RigTest {
    @TempDir
    protected Path dir;
    protected ReplicateRig rig;

    @BeforeEach
    void startRig() throws Exception {
        rig = ReplicateRig.start(dir);
    }

    @AfterEach
    void stopRig() {
        assertThat(rig.emulator.violations()).as("requests that break Replicate's documented shape").isEmpty();
        rig.close();
    }

    /** One output, stored as a decodable PNG (the emulator's 8x8 image). */
    protected static void assertOnePng(FakeTaskContext<?> task, List<String> keys) throws Exception {
        assertThat(keys).singleElement().asString().endsWith(".png");
        BufferedImage stored = Images.decodeRgb(task.read(keys.getFirst()));
        assertThat(stored.getWidth()).isEqualTo(8);
        assertThat(stored.getHeight()).isEqualTo(8);
    }

    /** One output, stored as the MP4 the provider served. */
    protected static void assertOneMp4(FakeTaskContext<?> task, List<String> keys) throws Exception {
        assertThat(keys).singleElement().asString().endsWith(".mp4");
        assertThat(task.read(keys.getFirst())).isEqualTo(TestMedia.MP4);
    }
}
