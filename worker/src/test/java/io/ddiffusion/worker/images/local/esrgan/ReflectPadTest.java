package io.ddiffusion.worker.images.local.esrgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.worker.media.FloatImage;
import org.junit.jupiter.api.Test;

class ReflectPadTest {

    @Test
    void mirrorsWithoutRepeatingTheEdgeAndBouncesBackOnLongPads() {
        // 0 1 2 | 1 0 1 2 1 0 …
        int[] expected = {0, 1, 2, 1, 0, 1, 2, 1, 0};
        for (int i = 0; i < expected.length; i++) {
            assertThat(ReflectPad.index(i, 3)).as("position %d", i).isEqualTo(expected[i]);
        }
        assertThat(ReflectPad.index(5, 1)).isZero();
    }

    @Test
    void padsRightAndBottomKeepingTheTileAtTheOrigin() {
        // one channel, 2×2: a b / c d
        FloatImage tile = FloatImage.plane(2, 2, new float[] {1, 2, 3, 4});

        FloatImage padded = ReflectPad.to(tile, 4, 3);

        assertThat(padded.data()).containsExactly(
                1, 2, 1, 2,
                3, 4, 3, 4,
                1, 2, 1, 2);
    }

    @Test
    void aTileThatFitsIsPassedThroughAndALargerOneRefused() {
        FloatImage tile = FloatImage.zeros(3, 5, 4);
        assertThat(ReflectPad.to(tile, 5, 4)).isSameAs(tile);
        assertThatThrownBy(() -> ReflectPad.to(tile, 4, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
