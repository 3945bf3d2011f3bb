package io.ddiffusion.worker.images.local.diffusion;

import java.util.Arrays;

/**
 * What every scheduler here shares: the run's timesteps and sigmas (the full schedule cut to a {@link StepPlan}),
 * bounds checks, and the element-wise kernels the steps reduce to. The defaults are the Euler family's, which keeps
 * latents in sigma-scaled form {@code x = x0 + σ·ε}: the denoiser sees {@code x / sqrt(σ² + 1)}.
 */
abstract class SigmaWalk implements Scheduler {

    final SchedulerConfig config;
    final double[] timesteps;
    final double[] sigmas;
    /** The largest σ of the full schedule, before a strength cut (diffusers' init_noise_sigma uses it). */
    final double fullScheduleMaxSigma;

    SigmaWalk(SchedulerConfig config, StepPlan plan, double[] fullTimesteps) {
        this.config = config;
        double[] fullSigmas = new NoiseSchedule(config).samplingSigmas(fullTimesteps);
        double max = 0;
        for (double sigma : fullSigmas) {
            max = Math.max(max, sigma);
        }
        this.fullScheduleMaxSigma = max;
        int start = plan.startIndex();
        this.timesteps = Arrays.copyOfRange(fullTimesteps, start, fullTimesteps.length);
        this.sigmas = Arrays.copyOfRange(fullSigmas, start, fullSigmas.length);
    }

    @Override
    public int steps() {
        return timesteps.length;
    }

    @Override
    public double[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public double[] sigmas() {
        return sigmas.clone();
    }

    /** {@code sqrt(σ_max² + 1)} for leading spacing, {@code σ_max} for linspace and trailing, as diffusers. */
    @Override
    public double initNoiseSigma() {
        return config.timestepSpacing() == TimestepSpacing.LEADING
                ? Math.sqrt(fullScheduleMaxSigma * fullScheduleMaxSigma + 1.0)
                : fullScheduleMaxSigma;
    }

    @Override
    public double modelInputScale(int stepIndex) {
        double sigma = sigma(stepIndex);
        return 1.0 / Math.sqrt(sigma * sigma + 1.0);
    }

    /** {@code original + σ·noise}. */
    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return combined(original, 1.0, noise, sigma(stepIndex));
    }

    /**
     * The Euler move from {@code sigma} to {@code target}: {@code x ← x + (x − x0)/σ · (target − σ)} with the
     * prediction type's {@code x0 = a·x + b·output}, folded into one weighted sum.
     */
    void eulerMove(float[] x, float[] modelOutput, double sigma, double target) {
        double a = config.predictionType().sampleWeight(sigma);
        double b = config.predictionType().outputWeight(sigma);
        double dt = target - sigma;
        combine(x, 1.0 + (1.0 - a) * dt / sigma, modelOutput, -b * dt / sigma);
    }

    double sigma(int stepIndex) {
        if (stepIndex < 0 || stepIndex >= timesteps.length) {
            throw new IndexOutOfBoundsException("step " + stepIndex + " is outside this run's " + timesteps.length + " steps");
        }
        return sigmas[stepIndex];
    }

    static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("latent arrays differ in length: " + a.length + " and " + b.length);
        }
    }

    /** {@code x ← a·x + b·y}, element-wise. */
    static void combine(float[] x, double a, float[] y, double b) {
        requireSameLength(x, y);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (a * x[i] + b * y[i]);
        }
    }

    /** A new array {@code a·x + b·y}. */
    static float[] combined(float[] x, double a, float[] y, double b) {
        float[] out = x.clone();
        combine(out, a, y, b);
        return out;
    }
}
