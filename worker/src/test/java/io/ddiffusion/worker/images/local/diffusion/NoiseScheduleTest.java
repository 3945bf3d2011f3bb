package io.ddiffusion.worker.images.local.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    final NoiseSchedule schedule = new NoiseSchedule(SchedulerConfig.sdxl());

    @Test
    void sdxlSigmasFollowTheScaledLinearFormulas() {
        double[] expected = PublishedFormulas.sdxlTrainingSigmas();
        double[] actual = schedule.sigmas();

        assertThat(actual).hasSize(1000);
        for (int t = 0; t < 1000; t++) {
            assertThat(actual[t]).as("σ at %d", t).isCloseTo(expected[t], within(1e-12 * expected[t]));
        }
    }

    @Test
    void theBetasRunFromBetaStartToBetaEndAndAlphaBarIsTheirSurvivalProduct() {
        double[] betas = schedule.betas();
        double[] alphasCumprod = schedule.alphasCumprod();

        assertThat(betas[0]).isCloseTo(0.00085, within(1e-15));
        assertThat(betas[999]).isCloseTo(0.012, within(1e-15));
        assertThat(alphasCumprod[0]).isCloseTo(1 - 0.00085, within(1e-15));
        assertThat(alphasCumprod[500] * (1 - betas[501])).isCloseTo(alphasCumprod[501], within(1e-15));
    }

    @Test
    void sigmaAtInterpolatesBetweenTimestepsAndClampsAtTheEnds() {
        double[] sigmas = schedule.sigmas();

        assertThat(schedule.sigmaAt(10)).isEqualTo(sigmas[10]);
        assertThat(schedule.sigmaAt(10.25)).isCloseTo(0.75 * sigmas[10] + 0.25 * sigmas[11], within(1e-12));
        assertThat(schedule.sigmaAt(-3)).isEqualTo(sigmas[0]);
        assertThat(schedule.sigmaAt(1000)).isEqualTo(sigmas[999]);
    }

    @Test
    void linearBetasAreEvenlySpaced() {
        SchedulerConfig linear = new SchedulerConfig(10, 0.001, 0.01, BetaSchedule.LINEAR, PredictionType.EPSILON,
                TimestepSpacing.LINSPACE, 0);

        assertThat(new NoiseSchedule(linear).betas()).containsExactly(new double[] {0.001, 0.002, 0.003, 0.004,
                0.005, 0.006, 0.007, 0.008, 0.009, 0.01}, within(1e-15));
    }
}
