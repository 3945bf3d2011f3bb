package io.ddiffusion.worker.images.local.sdxl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InpaintMaskTest {
    static final int W = 32;
    static final int H = 24;

    /** 1 inside [x0, x1) × [y0, y1), 0 elsewhere. */
    static float[] rectangle(int x0, int x1, int y0, int y1) {
        float[] m = new float[W * H];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * W + x] = 1f;
            }
        }
        return m;
    }

    @Test
    void aLatentPixelIsRepaintedWhenAnyPixelOfItsBlockIs() {
        float[] mask = new float[W * H];
        mask[9 * W + 17] = 1f; // block (2, 1)
        mask[23 * W + 31] = 0.6f; // block (3, 2), above the 0.5 threshold
        mask[0] = 0.4f; // block (0, 0), below it

        float[] latent = new InpaintMask(mask, W, H).latent(8);

        float[] expected = new float[4 * 3];
        expected[1 * 4 + 2] = 1f;
        expected[2 * 4 + 3] = 1f;
        assertThat(latent).containsExactly(expected);
    }

    @Test
    void theCompositeKeepsTheOriginalOutsideTheMaskAndFadesInsideIt() {
        float[] generated = new float[3 * W * H];
        float[] original = new float[3 * W * H];
        java.util.Arrays.fill(generated, 1f);
        java.util.Arrays.fill(original, -1f);
        InpaintMask mask = new InpaintMask(rectangle(0, 24, 0, 24), W, H);

        float[] out = mask.composite(generated, original);

        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 24; x < W; x++) {
                    assertThat(out[(c * H + y) * W + x]).isEqualTo(-1f);
                }
            }
            // deep inside (≥ 8 px from the edge at x = 24): the generated value
            assertThat(out[(c * H + 10) * W + 10]).isEqualTo(1f);
            // at the inner edge: a blend, and more generated further in
            float atEdge = out[(c * H + 10) * W + 23];
            float fourIn = out[(c * H + 10) * W + 19];
            assertThat(atEdge).isGreaterThan(-1f).isLessThan(fourIn);
            assertThat(fourIn).isLessThan(1f);
        }
    }

    @Test
    void maskingOutZeroesThePixelsToRepaintInEveryChannel() {
        float[] image = new float[3 * W * H];
        java.util.Arrays.fill(image, 0.7f);
        float[] out = new InpaintMask(rectangle(4, 8, 2, 3), W, H).maskOut(image);

        for (int c = 0; c < 3; c++) {
            assertThat(out[(c * H + 2) * W + 5]).isZero();
            assertThat(out[(c * H + 3) * W + 5]).isEqualTo(0.7f);
        }
    }
}
