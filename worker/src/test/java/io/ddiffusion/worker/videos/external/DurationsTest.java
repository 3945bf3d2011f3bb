package io.ddiffusion.worker.videos.external;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void requestedSecondsMapOntoEachProvidersDurationsAsTheOriginalDid() {
        assertThat(Durations.fiveOrTen(1)).isEqualTo(5);
        assertThat(Durations.fiveOrTen(5)).isEqualTo(5);
        assertThat(Durations.fiveOrTen(6)).isEqualTo(10);
        assertThat(Durations.fourOrEight(4)).isEqualTo(4);
        assertThat(Durations.fourOrEight(5)).isEqualTo(8);
        assertThat(Durations.sixOrTen(5)).isEqualTo(6);
        assertThat(Durations.sixOrTen(6)).isEqualTo(10);
    }
}
