package io.ddiffusion.worker.images.local.diffusion;

/**
 * What the denoiser predicts (diffusers' {@code prediction_type}), expressed as the weights of the clean-sample
 * estimate {@code x0 = sampleWeight·x + outputWeight·modelOutput} for a sample {@code x = x0 + σ·ε} in the
 * sigma-scaled space the Euler schedulers work in.
 */
public enum PredictionType {
    /** The added noise ε (SDXL base and most fine-tunes). */
    EPSILON,
    /** The velocity {@code v = α·ε − σ_vp·x0}. */
    V_PREDICTION;

    double sampleWeight(double sigma) {
        return this == EPSILON ? 1.0 : 1.0 / (sigma * sigma + 1.0);
    }

    double outputWeight(double sigma) {
        return this == EPSILON ? -sigma : -sigma / Math.sqrt(sigma * sigma + 1.0);
    }
}
