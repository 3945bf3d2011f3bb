package io.ddiffusion.worker.images.local.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class EulerDiscreteSchedulerTest {

    static final SchedulerConfig SDXL = SchedulerConfig.sdxl();

    final EulerDiscreteScheduler scheduler = new EulerDiscreteScheduler(SDXL, StepPlan.full(35));

    @Test
    void thirtyFiveLeadingStepsVisitEveryTwentyEighthTimestepFromNineHundredFiftyThree() {
        double[] expected = PublishedFormulas.eulerLeading(35);

        assertThat(scheduler.steps()).isEqualTo(35);
        assertThat(scheduler.timesteps()).containsExactly(expected);
        assertThat(expected[0]).isEqualTo(34 * 28 + 1);
        assertThat(expected[34]).isEqualTo(1);
    }

    @Test
    void theSigmasAreTheTrainingSigmasAtThoseTimestepsEndingInZero() {
        double[] expected = PublishedFormulas.sigmasAt(PublishedFormulas.eulerLeading(35));
        double[] sigmas = scheduler.sigmas();

        assertThat(sigmas).hasSize(36);
        assertThat(sigmas[35]).isZero();
        for (int i = 0; i < 36; i++) {
            assertThat(sigmas[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void initialNoiseForLeadingSpacingIsTheRootOfMaxSigmaSquaredPlusOne() {
        double max = PublishedFormulas.sigmasAt(PublishedFormulas.eulerLeading(35))[0];

        assertThat(scheduler.initNoiseSigma()).isCloseTo(Math.sqrt(max * max + 1), within(1e-12));
    }

    @Test
    void trailingSpacingStartsAtTheLastTrainingTimestepAndUsesMaxSigmaAsInitialNoise() {
        SchedulerConfig trailing = new SchedulerConfig(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR,
                PredictionType.EPSILON, TimestepSpacing.TRAILING, 1);
        EulerDiscreteScheduler euler = new EulerDiscreteScheduler(trailing, StepPlan.full(16));

        double[] expected = new double[16];
        for (int i = 0; i < 16; i++) {
            expected[i] = Math.rint(1000 - i * 62.5) - 1; // half-to-even, as numpy rounds
        }
        assertThat(euler.timesteps()).containsExactly(expected);
        assertThat(euler.timesteps()[1]).isEqualTo(937); // 937.5 rounds to the even 938, minus one
        assertThat(euler.initNoiseSigma()).isCloseTo(PublishedFormulas.sdxlTrainingSigmas()[999], within(1e-12));
    }

    @Test
    void linspaceSpacingInterpolatesSigmasAtFractionalTimesteps() {
        SchedulerConfig linspace = new SchedulerConfig(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR,
                PredictionType.EPSILON, TimestepSpacing.LINSPACE, 0);
        EulerDiscreteScheduler euler = new EulerDiscreteScheduler(linspace, StepPlan.full(7));

        double[] timesteps = euler.timesteps();
        assertThat(timesteps[0]).isEqualTo(999);
        assertThat(timesteps[6]).isZero();
        assertThat(timesteps[1]).isCloseTo(999.0 * 5 / 6, within(1e-4)).isNotEqualTo(Math.rint(timesteps[1]));
        double[] expected = PublishedFormulas.sigmasAt(timesteps);
        assertThat(euler.sigmas()).containsExactly(expected, within(1e-12));
    }

    @Test
    void theModelInputIsDividedByTheRootOfSigmaSquaredPlusOne() {
        float[] x = PublishedFormulas.latents(8, 1);
        double sigma = scheduler.sigmas()[3];

        float[] scaled = scheduler.scaleModelInput(x, 3);
        float[] guidanceBatch = new float[16];
        scheduler.scaleModelInput(x, 3, guidanceBatch, 0);
        scheduler.scaleModelInput(x, 3, guidanceBatch, 8);

        for (int i = 0; i < 8; i++) {
            assertThat((double) scaled[i]).isCloseTo(x[i] / Math.sqrt(sigma * sigma + 1), within(1e-6));
            assertThat(guidanceBatch[i]).isEqualTo(scaled[i]);
            assertThat(guidanceBatch[8 + i]).isEqualTo(scaled[i]);
        }
    }

    @Test
    void oneStepMovesAlongTheNoiseDirectionByTheSigmaDifference() {
        float[] x = PublishedFormulas.latents(16, 2);
        float[] original = x.clone();
        float[] epsilon = new float[16];
        Arrays.fill(epsilon, 0.3f);
        double sigma = scheduler.sigmas()[0];
        double next = scheduler.sigmas()[1];

        scheduler.step(epsilon, 0, x);

        for (int i = 0; i < 16; i++) {
            double denoised = original[i] - sigma * 0.3f;
            double expected = original[i] + (original[i] - denoised) / sigma * (next - sigma);
            assertThat((double) x[i]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void theLastStepLandsOnTheDenoisedEstimate() {
        float[] x = PublishedFormulas.latents(16, 3);
        float[] original = x.clone();
        float[] epsilon = PublishedFormulas.latents(16, 4);
        double sigma = scheduler.sigmas()[34];

        scheduler.step(epsilon, 34, x);

        for (int i = 0; i < 16; i++) {
            assertThat((double) x[i]).isCloseTo(original[i] - sigma * epsilon[i], within(1e-5));
        }
    }

    @Test
    void velocityPredictionUsesItsOwnDenoisedEstimate() {
        SchedulerConfig vpred = new SchedulerConfig(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR,
                PredictionType.V_PREDICTION, TimestepSpacing.LEADING, 1);
        EulerDiscreteScheduler euler = new EulerDiscreteScheduler(vpred, StepPlan.full(35));
        float[] x = PublishedFormulas.latents(16, 5);
        float[] original = x.clone();
        float[] v = PublishedFormulas.latents(16, 6);
        double sigma = euler.sigmas()[10];
        double next = euler.sigmas()[11];

        euler.step(v, 10, x);

        for (int i = 0; i < 16; i++) {
            double denoised = v[i] * (-sigma / Math.sqrt(sigma * sigma + 1)) + original[i] / (sigma * sigma + 1);
            double expected = original[i] + (original[i] - denoised) / sigma * (next - sigma);
            assertThat((double) x[i]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void imageToImageRunsTheTailOfTheScheduleAndNoisesToItsFirstSigma() {
        EulerDiscreteScheduler img2img = new EulerDiscreteScheduler(SDXL, new StepPlan(35, 0.5));
        float[] clean = PublishedFormulas.latents(8, 7);
        float[] noise = PublishedFormulas.latents(8, 8);

        int start = 35 - (int) (35 * 0.5);
        assertThat(img2img.steps()).isEqualTo(17);
        assertThat(img2img.timesteps()).containsExactly(Arrays.copyOfRange(scheduler.timesteps(), start, 35));
        assertThat(img2img.sigmas()).containsExactly(Arrays.copyOfRange(scheduler.sigmas(), start, 36));
        assertThat(img2img.initNoiseSigma()).isEqualTo(scheduler.initNoiseSigma());
        float[] noised = img2img.addNoise(clean, noise, 0);
        for (int i = 0; i < 8; i++) {
            assertThat((double) noised[i]).isCloseTo(clean[i] + scheduler.sigmas()[start] * noise[i], within(1e-5));
        }
    }

    @Test
    void stepsOutsideTheRunAreRefused() {
        assertThatThrownBy(() -> scheduler.step(new float[4], 35, new float[4]))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("35 steps");
        assertThatThrownBy(() -> scheduler.step(new float[4], 0, new float[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }
}
