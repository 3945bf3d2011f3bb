package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColourMasksTest {

    @Test
    void theFirstMaskIsRedTheSecondGreenAndTheRestBlue() {
        // 5 pixels; mask i covers pixel i only
        List<boolean[]> masks = List.of(only(0), only(1), only(2), only(3));
        BufferedImage img = ColourMasks.clown(5, 1, masks);
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb(img)).containsExactly(0xFF0000, 0x00FF00, 0x0000FF, 0x0000FF, 0x000000);
    }

    @Test
    void overlappingMasksAddTheirColoursAndSaturate() {
        boolean[] all = {true, true};
        BufferedImage img = ColourMasks.clown(2, 1, List.of(all, new boolean[] {true, false}, all, all));
        assertThat(rgb(img)).containsExactly(0xFFFFFF, 0xFF00FF);
    }

    @Test
    void softMasksContributeTheirCoverageTruncatedToEightBits() {
        FloatImage first = FloatImage.plane(3, 1, new float[] {0.5f, 1.7f, -0.2f});
        FloatImage second = FloatImage.plane(3, 1, new float[] {0.25f, 0f, 1f});
        FloatImage third = FloatImage.plane(3, 1, new float[] {0.6f, 0.6f, 0f});
        FloatImage fourth = FloatImage.plane(3, 1, new float[] {0.6f, 0f, 0f});
        BufferedImage img = ColourMasks.clown(List.of(first, second, third, fourth));
        int blue = Math.min(255, 2 * (int) (0.6f * 255f));
        assertThat(rgb(img)).containsExactly(127 << 16 | 63 << 8 | blue, 255 << 16 | (int) (0.6f * 255f),
                255 << 8);
    }

    @Test
    void masksMustAllHaveTheSameSize() {
        assertThatThrownBy(() -> ColourMasks.clown(List.of(FloatImage.zeros(1, 4, 4), FloatImage.zeros(1, 4, 5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask 1")
                .hasMessageContaining("1×4×4");
        assertThatThrownBy(() -> ColourMasks.clown(2, 2, List.of(new boolean[3])))
                .hasMessageContaining("mask 0 has 3 pixels");
        assertThatThrownBy(() -> ColourMasks.clown(List.of())).hasMessageContaining("no masks");
    }

    private static boolean[] only(int pixel) {
        boolean[] m = new boolean[5];
        m[pixel] = true;
        return m;
    }

    private static int[] rgb(BufferedImage img) {
        return ImageTensorsTest.rgb(img);
    }
}
