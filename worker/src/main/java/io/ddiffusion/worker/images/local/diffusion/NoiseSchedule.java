package io.ddiffusion.worker.images.local.diffusion;

/**
 * The training noise levels of a {@link SchedulerConfig}: betas, their cumulative product ᾱ of {@code 1 − β}, and the
 * sigmas {@code σ_t = sqrt((1 − ᾱ_t) / ᾱ_t)}, all in double (diffusers computes them in float32; the values agree to
 * about 1e-5 relative). Immutable.
 */
public final class NoiseSchedule {

    private final double[] betas;
    private final double[] alphasCumprod;
    private final double[] sigmas;

    public NoiseSchedule(SchedulerConfig config) {
        this.betas = config.betaSchedule().betas(config.betaStart(), config.betaEnd(), config.trainTimesteps());
        this.alphasCumprod = new double[betas.length];
        this.sigmas = new double[betas.length];
        double product = 1.0;
        for (int t = 0; t < betas.length; t++) {
            product *= 1.0 - betas[t];
            alphasCumprod[t] = product;
            sigmas[t] = Math.sqrt((1.0 - product) / product);
        }
    }

    public double[] betas() {
        return betas.clone();
    }

    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** σ at every training timestep 0 … N − 1. */
    public double[] sigmas() {
        return sigmas.clone();
    }

    /** σ at a possibly fractional timestep, linearly interpolated between neighbours and clamped to the ends. */
    public double sigmaAt(double timestep) {
        if (timestep <= 0) {
            return sigmas[0];
        }
        if (timestep >= sigmas.length - 1) {
            return sigmas[sigmas.length - 1];
        }
        int below = (int) Math.floor(timestep);
        double fraction = timestep - below;
        return fraction == 0 ? sigmas[below] : sigmas[below] + fraction * (sigmas[below + 1] - sigmas[below]);
    }

    /** The sigmas at the given timesteps with a final 0 appended: the noise levels one sampling run walks down. */
    double[] samplingSigmas(double[] timesteps) {
        double[] walk = new double[timesteps.length + 1];
        for (int i = 0; i < timesteps.length; i++) {
            walk[i] = sigmaAt(timesteps[i]);
        }
        return walk;
    }
}
