package io.ddiffusion.worker.images.local.diffusion;

/**
 * The schedule arithmetic written out again, straight from the published definitions (diffusers' scheduler sources and
 * the DPM-Solver++ paper), so tests compare the production code against an independent derivation.
 */
final class PublishedFormulas {

    static final int TRAIN = 1000;

    private PublishedFormulas() {
    }

    /** betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)²; ᾱ = cumprod(1 − β); σ = sqrt((1 − ᾱ)/ᾱ). */
    static double[] sdxlTrainingSigmas() {
        double[] sigmas = new double[TRAIN];
        double cumulative = 1.0;
        for (int t = 0; t < TRAIN; t++) {
            double root = Math.sqrt(0.00085) + t * (Math.sqrt(0.012) - Math.sqrt(0.00085)) / (TRAIN - 1);
            cumulative = cumulative * (1.0 - root * root);
            sigmas[t] = Math.sqrt((1.0 - cumulative) / cumulative);
        }
        return sigmas;
    }

    static double[] sigmasAt(double[] timesteps) {
        double[] training = sdxlTrainingSigmas();
        double[] sigmas = new double[timesteps.length + 1];
        for (int i = 0; i < timesteps.length; i++) {
            int below = (int) timesteps[i];
            double fraction = timesteps[i] - below;
            sigmas[i] = fraction == 0 ? training[below] : (1 - fraction) * training[below] + fraction * training[below + 1];
        }
        sigmas[timesteps.length] = 0.0;
        return sigmas;
    }

    /** Euler leading: (arange(steps) · (1000 // steps)) reversed, + steps_offset 1. */
    static double[] eulerLeading(int steps) {
        double[] timesteps = new double[steps];
        int ratio = TRAIN / steps;
        for (int i = 0; i < steps; i++) {
            timesteps[steps - 1 - i] = i * ratio + 1;
        }
        return timesteps;
    }

    /** DPM-Solver leading: (arange(steps + 1) · (1000 // (steps + 1))) reversed, the final 0 dropped, + 1. */
    static double[] dpmLeading(int steps) {
        double[] timesteps = new double[steps];
        int ratio = TRAIN / (steps + 1);
        for (int i = 0; i < steps; i++) {
            timesteps[i] = (steps - i) * ratio + 1;
        }
        return timesteps;
    }

    static double alpha(double sigma) {
        return 1 / Math.sqrt(1 + sigma * sigma);
    }

    static float[] latents(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 3);
        }
        return x;
    }
}
