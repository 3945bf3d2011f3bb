package io.ddiffusion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuTest {
    @Test
    void cpuPerOperationIsEachProcesssCoresOverTheRate() {
        Cpu.Usage used = new Cpu.Usage(List.of(new Proc("api", 1, true), new Proc("worker", 2, true),
                new Proc("redis", 3, false)), new double[] {0.5, 0.25, 0.05}, new double[] {0, 0, 0}, 0.3, 0);

        // 1,000 operations a second: half a core is 500 µs each
        assertThat(used.perOperation(1000)).isEqualTo("CPU µs/op: api 500, worker 250, redis 50 (total 800)");
    }
}
