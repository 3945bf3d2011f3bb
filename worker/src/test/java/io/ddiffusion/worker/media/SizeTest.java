package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizeTest {

    @Test
    void flooringToAMultipleRoundsEachSideDown() {
        assertThat(new Size(1000, 777).floorToMultiple(16)).isEqualTo(new Size(992, 768));
        assertThat(new Size(1024, 1024).floorToMultiple(16)).isEqualTo(new Size(1024, 1024));
        assertThat(new Size(33, 17).floorToMultiple(1)).isEqualTo(new Size(33, 17));
    }

    @Test
    void aSideSmallerThanTheMultipleIsRefused() {
        assertThatThrownBy(() -> new Size(15, 500).floorToMultiple(16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15×500").hasMessageContaining("16");
        assertThatThrownBy(() -> new Size(0, 5)).hasMessageContaining("0×5");
    }
}
