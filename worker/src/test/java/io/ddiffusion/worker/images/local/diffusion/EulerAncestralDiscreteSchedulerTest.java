package io.ddiffusion.worker.images.local.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EulerAncestralDiscreteSchedulerTest {

    static final SchedulerConfig SDXL = SchedulerConfig.sdxl();

    @Test
    void theScheduleMatchesEulers() {
        EulerAncestralDiscreteScheduler ancestral = new EulerAncestralDiscreteScheduler(SDXL, StepPlan.full(35), new GaussianNoise(1));
        EulerDiscreteScheduler euler = new EulerDiscreteScheduler(SDXL, StepPlan.full(35));

        assertThat(ancestral.timesteps()).containsExactly(euler.timesteps());
        assertThat(ancestral.sigmas()).containsExactly(euler.sigmas());
        assertThat(ancestral.initNoiseSigma()).isEqualTo(euler.initNoiseSigma());
    }

    @Test
    void upAndDownNoiseAddUpToTheNextSigmaAtEveryStep() {
        EulerAncestralDiscreteScheduler ancestral = new EulerAncestralDiscreteScheduler(SDXL, StepPlan.full(35), new GaussianNoise(1));
        double[] sigmas = ancestral.sigmas();

        for (int i = 0; i < 35; i++) {
            double up = ancestral.sigmaUp(i);
            double down = ancestral.sigmaDown(i);
            double from = sigmas[i];
            double to = sigmas[i + 1];
            assertThat(up * up + down * down).as("step %d", i).isCloseTo(to * to, within(1e-12));
            assertThat(up).isCloseTo(Math.sqrt(to * to * (from * from - to * to) / (from * from)), within(1e-12));
            assertThat(down).isLessThanOrEqualTo(to);
        }
        assertThat(ancestral.sigmaUp(34)).isZero();
    }

    @Test
    void aStepGoesDownToSigmaDownThenAddsSeededNoiseOfSigmaUp() {
        EulerAncestralDiscreteScheduler ancestral = new EulerAncestralDiscreteScheduler(SDXL, StepPlan.full(35), new GaussianNoise(99));
        GaussianNoise sameSeed = new GaussianNoise(99);
        float[] x = PublishedFormulas.latents(32, 1);
        float[] original = x.clone();
        float[] epsilon = PublishedFormulas.latents(32, 2);
        double[] sigmas = ancestral.sigmas();
        double sigma = sigmas[5];
        double to = sigmas[6];
        double up = Math.sqrt(to * to * (sigma * sigma - to * to) / (sigma * sigma));
        double down = Math.sqrt(to * to - up * up);

        ancestral.step(epsilon, 5, x);

        for (int i = 0; i < 32; i++) {
            double denoised = original[i] - sigma * epsilon[i];
            double expected = original[i] + (original[i] - denoised) / sigma * (down - sigma) + up * (float) sameSeed.nextGaussian();
            assertThat((double) x[i]).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void aWholeRunIsReproducibleForASeedAndDiffersForAnother() {
        assertThat(run(7)).containsExactly(run(7));
        assertThat(run(7)).isNotEqualTo(run(8));
    }

    private static float[] run(long seed) {
        GaussianNoise noise = new GaussianNoise(seed);
        Scheduler scheduler = SchedulerKind.EULER_ANCESTRAL.create(SDXL, StepPlan.full(10), noise);
        float[] x = noise.next(64);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (float) scheduler.initNoiseSigma();
        }
        for (int step = 0; step < scheduler.steps(); step++) {
            float[] input = scheduler.scaleModelInput(x, step);
            float[] output = new float[input.length];
            for (int i = 0; i < input.length; i++) {
                output[i] = 0.5f * input[i];
            }
            scheduler.step(output, step, x);
        }
        return x;
    }
}
