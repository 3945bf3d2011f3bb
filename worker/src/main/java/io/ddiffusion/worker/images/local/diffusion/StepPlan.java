package io.ddiffusion.worker.images.local.diffusion;

/**
 * How much of a schedule of {@code steps} a run walks: all of it for text-to-image, the last
 * {@code int(steps · strength)} steps for image-to-image and inpainting, as diffusers' {@code get_timesteps}.
 *
 * @param steps the schedule's step count (SDXL's 35)
 * @param strength 1.0 to start from pure noise; lower keeps more of the input image
 */
public record StepPlan(int steps, double strength) {

    public StepPlan {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, not " + steps);
        }
        if (!(strength >= 0.0 && strength <= 1.0)) {
            throw new IllegalArgumentException("strength must be within [0, 1], not " + strength);
        }
        if (Math.min((int) (steps * strength), steps) < 1) {
            throw new IllegalArgumentException("strength " + strength + " with " + steps
                    + " steps leaves no denoising step; raise the strength or the step count");
        }
    }

    /** The whole schedule, from pure noise. */
    public static StepPlan full(int steps) {
        return new StepPlan(steps, 1.0);
    }

    /** The index into the full schedule of the first step run. */
    public int startIndex() {
        return steps - Math.min((int) (steps * strength), steps);
    }

    /** The number of steps run. */
    public int runSteps() {
        return steps - startIndex();
    }
}
