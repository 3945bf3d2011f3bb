package io.ddiffusion.bench.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GpuMemoryTest {

    @Test
    void oneGpuIsItsUsedMemory() {
        assertThat(GpuMemory.parseUsedMib("1234\n")).hasValue(1234);
    }

    @Test
    void severalGpusAreSummed() {
        assertThat(GpuMemory.parseUsedMib(" 10 \n20\r\n\n30\n")).hasValue(60);
    }

    @Test
    void anErrorTextOrNothingIsNoReading() {
        assertThat(GpuMemory.parseUsedMib("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA "
                + "driver.")).isEmpty();
        assertThat(GpuMemory.parseUsedMib("[N/A]\n")).isEmpty();
        assertThat(GpuMemory.parseUsedMib("")).isEmpty();
    }
}
