package io.ddiffusion.worker.providers.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
    private final PollSchedule replicate = new PollSchedule(Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void theIntervalGrowsByHalfUntilItReachesTheMaximumAndStaysThere() {
        List<Long> intervals = new ArrayList<>();
        long wait = replicate.first().toMillis();
        for (int i = 0; i < 8; i++) {
            intervals.add(wait);
            wait = replicate.after(wait);
        }

        assertThat(intervals).containsExactly(1000L, 1500L, 2250L, 3375L, 5000L, 5000L, 5000L, 5000L);
    }

    @Test
    void aTinyIntervalStillGrows() {
        assertThat(new PollSchedule(Duration.ofMillis(1), Duration.ofMillis(10)).after(1)).isEqualTo(2);
    }

    @Test
    void jitterShortensAWaitByAtMostAFifthAndNeverLengthensIt() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            waits.add(PollSchedule.jittered(5000));
        }

        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(4000L, 5000L));
        // why: 10,000 draws from 1,001 values; all equal would mean no jitter at all
        assertThat(waits.stream().distinct().count()).isGreaterThan(100);
        assertThat(PollSchedule.jittered(0)).isZero();
    }
}
