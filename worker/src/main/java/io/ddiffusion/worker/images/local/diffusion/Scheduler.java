package io.ddiffusion.worker.images.local.diffusion;

/**
 * One sampling run's walk from noise to a clean latent, over flattened NCHW float latents. Element-wise, so any shape
 * and batch size works as long as every array of a call has the same length.
 *
 * <p>A pipeline starts from {@code noise · initNoiseSigma()} (text-to-image) or from {@code addNoise(latents, noise, 0)}
 * (image-to-image, with a {@link StepPlan} below full strength), then for each step {@code i} in order: feeds
 * {@code scaleModelInput(x, i)} and {@code timesteps()[i]} to the denoiser, and calls {@code step(output, i, x)},
 * which updates {@code x} in place. Instances hold per-run state (multistep history, noise): one per run, one thread.
 */
public interface Scheduler {

    /** The number of denoising steps this run takes. */
    int steps();

    /** The denoiser's timestep input at each step, highest first; {@code steps()} values. */
    double[] timesteps();

    /** The noise level σ at each step followed by the final 0; {@code steps() + 1} values. */
    double[] sigmas();

    /** The standard deviation of the text-to-image starting latents: multiply N(0, 1) noise by it. */
    double initNoiseSigma();

    /** The factor {@link #scaleModelInput} applies at a step. */
    double modelInputScale(int stepIndex);

    /** The denoiser input for a step: {@code x} scaled, in a new array. */
    default float[] scaleModelInput(float[] x, int stepIndex) {
        float[] scaled = new float[x.length];
        scaleModelInput(x, stepIndex, scaled, 0);
        return scaled;
    }

    /** Writes the scaled {@code x} into {@code out} from {@code offset} (e.g. twice into a guidance batch). */
    default void scaleModelInput(float[] x, int stepIndex, float[] out, int offset) {
        float scale = (float) modelInputScale(stepIndex);
        for (int i = 0; i < x.length; i++) {
            out[offset + i] = x[i] * scale;
        }
    }

    /** Advances {@code x} in place from step {@code stepIndex}'s noise level to the next, given the denoiser's output. */
    void step(float[] modelOutput, int stepIndex, float[] x);

    /** A clean latent noised to step {@code stepIndex}'s level, in a new array (image-to-image starts). */
    float[] addNoise(float[] original, float[] noise, int stepIndex);
}
