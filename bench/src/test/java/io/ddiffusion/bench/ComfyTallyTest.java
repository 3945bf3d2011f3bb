package io.ddiffusion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComfyTallyTest {

    @Test
    void overheadsComeFromTheTasksThatHaveThemAndEveryFailureCounts() {
        ComfyTally t = new ComfyTally();
        t.add(new ComfyCheck("a", 10_000_000, 30_000_000, 60_000_000, List.of()));
        t.add(new ComfyCheck("b", 20_000_000, 40_000_000, 80_000_000, List.of()));
        t.add(new ComfyCheck("c", -1, -1, -1, List.of("no POST /prompt reached the sidecar")));
        t.missing("d", "not finished after 300 s");

        assertThat(t.count()).isEqualTo(4);
        assertThat(t.failures()).isEqualTo(2);
        assertThat(t.toPrompt.count()).isEqualTo(2);
        assertThat(t.toPrompt.percentileMs(50)).isEqualTo(10.0);
        assertThat(t.toStored.percentileMs(100)).isEqualTo(40.0);
        assertThat(t.run.percentileMs(100)).isEqualTo(80.0);
        assertThat(t.failuresText()).isEqualTo("**2 of 4**; c: no POST /prompt reached the sidecar; d: not finished "
                + "after 300 s");
    }

    @Test
    void aTallyWithoutFailuresSaysZero() {
        ComfyTally t = new ComfyTally();
        t.add(new ComfyCheck("a", 1_000_000, 2_000_000, 5_000_000, List.of()));

        assertThat(t.failuresText()).isEqualTo("0");
        assertThat(t.overheads()).isEqualTo("claim → /prompt p50 1.00 ms, p99 1.00 ms; last event → stored p50 "
                + "2.00 ms, p99 2.00 ms; started → succeeded p50 5.00 ms, p99 5.00 ms");
    }
}
