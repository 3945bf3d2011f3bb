package io.ddiffusion.bench.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogTimingsTest {

    @Test
    void sessionLoadsAreReadFromTheResidencysLinesInOrder() {
        List<String> lines = List.of(
                "Context created sam-2, 1024x768",
                "Loaded sam-2/detector (685 MiB) in 2140 ms; resident 685 MiB of 65536 MiB",
                "Grounding DINO found 1 box for 'a cat.' in 2301 ms",
                "Loaded sam-2/vision_encoder (146 MiB) in 388 ms; resident 831 MiB of 65536 MiB");

        assertThat(LogTimings.loads(lines)).containsExactly(
                new LogTimings.Load("sam-2/detector", 685, 2140),
                new LogTimings.Load("sam-2/vision_encoder", 146, 388));
    }

    @Test
    void linesThatOnlyMentionLoadingAreNotLoads() {
        assertThat(LogTimings.loads(List.of("Unloaded sd-xl/unet (9794 MiB) to make room",
                "Warning: loading 9794 MiB goes over the model memory budget of 8192 MiB", "Loaded nothing"))).isEmpty();
    }

    @Test
    void theStepTimeIsTheDenoisingTimeOverTheSteps() {
        assertThat(LogTimings.msPerStep(List.of("sd-xl text-to-image 1024x1024", "Denoised 35 steps in 140 ms (4 "
                + "ms/step)")).getAsDouble()).isEqualTo(4.0);
        // the logged per-step figure is rounded to whole ms; the total keeps the fraction
        assertThat(LogTimings.msPerStep(List.of("Denoised 8 steps in 13 ms (1 ms/step)")).getAsDouble())
                .isEqualTo(1.625);
    }

    @Test
    void withoutADenoisingLineThereIsNoStepTime() {
        assertThat(LogTimings.msPerStep(List.of("Depth estimated at 518×294 on CPU in 12 ms"))).isEmpty();
    }
}
