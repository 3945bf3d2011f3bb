package io.ddiffusion.worker.images.local.diffusion;

import static io.ddiffusion.worker.images.local.diffusion.PublishedFormulas.alpha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DpmSolverMultistepSchedulerTest {

    static final SchedulerConfig SDXL = SchedulerConfig.sdxl();

    final DpmSolverMultistepScheduler scheduler = new DpmSolverMultistepScheduler(SDXL, StepPlan.full(35));

    @Test
    void leadingSpacingDividesTheTrainingStepsByStepsPlusOne() {
        double[] expected = PublishedFormulas.dpmLeading(35);

        assertThat(scheduler.timesteps()).containsExactly(expected);
        assertThat(expected[0]).isEqualTo(35 * 27 + 1);
        assertThat(expected[34]).isEqualTo(27 + 1);
        assertThat(scheduler.sigmas()).containsExactly(PublishedFormulas.sigmasAt(expected), within(1e-12));
    }

    @Test
    void latentsStayVariancePreservingSoNothingIsScaled() {
        assertThat(scheduler.initNoiseSigma()).isEqualTo(1.0);
        assertThat(scheduler.modelInputScale(0)).isEqualTo(1.0);
        float[] x = PublishedFormulas.latents(4, 1);
        assertThat(scheduler.scaleModelInput(x, 7)).containsExactly(x);
    }

    @Test
    void theFirstStepIsTheFirstOrderDpmSolverPlusPlusUpdate() {
        float[] x = PublishedFormulas.latents(16, 2);
        float[] original = x.clone();
        float[] epsilon = PublishedFormulas.latents(16, 3);
        double[] sigmas = scheduler.sigmas();

        scheduler.step(epsilon, 0, x);

        for (int i = 0; i < 16; i++) {
            double denoised = denoised(original[i], epsilon[i], sigmas[0]);
            assertThat((double) x[i]).isCloseTo(firstOrder(original[i], denoised, sigmas[0], sigmas[1]), within(1e-4));
        }
    }

    @Test
    void laterStepsAddTheMidpointCorrectionFromThePreviousEstimate() {
        float[] x = PublishedFormulas.latents(16, 4);
        float[] firstOutput = PublishedFormulas.latents(16, 5);
        float[] secondOutput = PublishedFormulas.latents(16, 6);
        double[] s = scheduler.sigmas();
        float[] start = x.clone();
        scheduler.step(firstOutput, 0, x);
        float[] afterFirst = x.clone();

        scheduler.step(secondOutput, 1, x);

        double lambdaT = lambda(s[2]);
        double lambdaS0 = lambda(s[1]);
        double lambdaS1 = lambda(s[0]);
        double h = lambdaT - lambdaS0;
        double r0 = (lambdaS0 - lambdaS1) / h;
        double alphaT = alpha(s[2]);
        for (int i = 0; i < 16; i++) {
            double m1 = denoised(start[i], firstOutput[i], s[0]);
            double m0 = denoised(afterFirst[i], secondOutput[i], s[1]);
            double d1 = (m0 - m1) / r0;
            double expected = (s[2] * alpha(s[2])) / (s[1] * alpha(s[1])) * afterFirst[i]
                    - alphaT * (Math.exp(-h) - 1) * m0 - 0.5 * alphaT * (Math.exp(-h) - 1) * d1;
            assertThat((double) x[i]).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void theFinalStepIsFirstOrderAndLandsOnTheEstimate() {
        float[] x = PublishedFormulas.latents(8, 7);
        float[] output = PublishedFormulas.latents(8, 8);
        for (int step = 0; step < 34; step++) {
            scheduler.step(output, step, x);
        }
        float[] beforeLast = x.clone();
        double sigma = scheduler.sigmas()[34];

        scheduler.step(output, 34, x);

        for (int i = 0; i < 8; i++) {
            assertThat((double) x[i]).isCloseTo(denoised(beforeLast[i], output[i], sigma), within(1e-4));
        }
    }

    @Test
    void stepsMustRunOnceEachInOrder() {
        scheduler.step(new float[2], 0, new float[2]);

        assertThatThrownBy(() -> scheduler.step(new float[2], 2, new float[2]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected step 1");
    }

    @Test
    void imageToImageNoisesWithAlphaAndSigmaAndStartsFirstOrder() {
        DpmSolverMultistepScheduler img2img = new DpmSolverMultistepScheduler(SDXL, new StepPlan(35, 0.5));
        float[] clean = PublishedFormulas.latents(8, 9);
        float[] noise = PublishedFormulas.latents(8, 10);
        double sigma = scheduler.sigmas()[18];

        assertThat(img2img.timesteps()).containsExactly(Arrays.copyOfRange(scheduler.timesteps(), 18, 35));
        float[] x = img2img.addNoise(clean, noise, 0);
        for (int i = 0; i < 8; i++) {
            assertThat((double) x[i]).isCloseTo(alpha(sigma) * clean[i] + sigma * alpha(sigma) * noise[i], within(1e-5));
        }
        float[] start = x.clone();
        img2img.step(noise, 0, x);
        for (int i = 0; i < 8; i++) {
            double denoised = denoised(start[i], noise[i], sigma);
            assertThat((double) x[i]).isCloseTo(firstOrder(start[i], denoised, sigma, scheduler.sigmas()[19]), within(1e-4));
        }
    }

    /** x0 = (x − σ_vp·ε) / α. */
    private static double denoised(double x, double epsilon, double sigma) {
        return (x - sigma * alpha(sigma) * epsilon) / alpha(sigma);
    }

    /** λ = ln α − ln σ_vp. */
    private static double lambda(double sigma) {
        return Math.log(alpha(sigma)) - Math.log(sigma * alpha(sigma));
    }

    /** x_t = (σ_vp,t / σ_vp,s)·x − α_t·(e^{−h} − 1)·x0. */
    private static double firstOrder(double x, double denoised, double sigmaS, double sigmaT) {
        double h = lambda(sigmaT) - lambda(sigmaS);
        return (sigmaT * alpha(sigmaT)) / (sigmaS * alpha(sigmaS)) * x - alpha(sigmaT) * (Math.exp(-h) - 1) * denoised;
    }
}
