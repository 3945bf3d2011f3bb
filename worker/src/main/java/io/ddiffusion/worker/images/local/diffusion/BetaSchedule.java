package io.ddiffusion.worker.images.local.diffusion;

/** How the training noise betas grow from {@code betaStart} to {@code betaEnd} (diffusers' {@code beta_schedule}). */
public enum BetaSchedule {
    /** Evenly spaced betas. */
    LINEAR,
    /** Evenly spaced square roots of the betas, squared: Stable Diffusion's and SDXL's schedule. */
    SCALED_LINEAR;

    /** The betas over {@code trainTimesteps} steps. */
    double[] betas(double betaStart, double betaEnd, int trainTimesteps) {
        double from = this == SCALED_LINEAR ? Math.sqrt(betaStart) : betaStart;
        double to = this == SCALED_LINEAR ? Math.sqrt(betaEnd) : betaEnd;
        double[] betas = new double[trainTimesteps];
        for (int t = 0; t < trainTimesteps; t++) {
            double value = trainTimesteps == 1 ? from : from + (to - from) * t / (trainTimesteps - 1);
            betas[t] = this == SCALED_LINEAR ? value * value : value;
        }
        return betas;
    }
}
