package io.ddiffusion.worker.images.local.depth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.media.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DptResizeTest {

    /*
     * Expected sizes worked out by hand from transformers' rule: scale_h = 518/h, scale_w = 518/w; keep the one
     * closer to 1 for both sides; each side becomes round(side * scale / 14) * 14 with Python's round (ties to even).
     */
    @ParameterizedTest(name = "{0}×{1} → {2}×{3}")
    @CsvSource({
        // landscape 16:9: fit height (|1-0.48| < |1-0.27|), width 1920*518/1080 = 920.9 → 65.8 → 66 * 14
        "1920, 1080, 924, 518",
        // the same picture in portrait
        "1080, 1920, 518, 924",
        // 4:3 photo: fit height (0.54 beats 0.40), width 1280*518/960 = 690.7 → 49.3 → 49 * 14
        "1280, 960, 686, 518",
        // 640×480: fit height (1.079 beats 0.809), width 690.7 → 686
        "640, 480, 686, 518",
        // fit width (0.74 beats 1.73), height 300*0.74 = 222 → 15.86 → 16 * 14
        "700, 300, 518, 224",
        // upscaled small image: fit width (1.73 beats 2.59), height 200*518/300 = 345.3 → 24.7 → 25 * 14
        "300, 200, 518, 350",
        // a tie: fit width (5.18 beats 10.36), height 50*5.18 = 259 → 18.5 → rounds to even 18 → 252
        "100, 50, 518, 252",
        // already the target
        "518, 518, 518, 518",
        // width at target, height a multiple of 14: scale 1 wins, nothing changes
        "518, 42, 518, 42",
        // tiny square: scale 37 on both sides
        "14, 14, 518, 518",
        // fit height (24.7 beats 74), width 7*518/21 = 172.7 → 12.3 → 12 * 14
        "7, 21, 168, 518",
        // a thin strip: fit width (0.13 beats 5.18), height 12.95 → 0.93 → 1 * 14
        "4000, 100, 518, 14"})
    void resizesToMultiplesOfFourteenAroundFiveHundredEighteenKeepingTheAspectRatio(int w, int h, int outW,
            int outH) {
        assertThat(DptResize.DEPTH_ANYTHING_V2.sizeFor(w, h)).isEqualTo(new Size(outW, outH));
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"10000, 100", "100, 10000"})
    void aSideThatWouldRoundToNothingKeepsOneMultiple(int w, int h) {
        // height 100 * 0.0518 = 5.18 → 0.37 → 0 in the original, which then fails; we keep 14
        Size size = DptResize.DEPTH_ANYTHING_V2.sizeFor(w, h);
        assertThat(Math.min(size.width(), size.height())).isEqualTo(14);
        assertThat(Math.max(size.width(), size.height())).isEqualTo(518);
    }
}
