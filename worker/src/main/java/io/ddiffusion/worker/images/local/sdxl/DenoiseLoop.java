package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.images.local.diffusion.Scheduler;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskContext;

/**
 * The denoising walk: per step, the scheduler scales the latents, the guided UNet predicts the noise, the scheduler
 * steps. Cancellation is checked before each step and progress reported after it ({@code step}/{@code total}).
 *
 * <p>With a {@link KnownRegion} (inpainting with a 4-channel UNet) the region outside the mask is replaced after each
 * step by the original image's latents noised to the next step's level, and by the clean latents after the last step,
 * as diffusers' SDXL inpainting pipeline does for base UNets: the new content is denoised in the context of the kept
 * image.
 */
final class DenoiseLoop {

    /**
     * The image latents to keep where {@code latentMask} is 0 (1 = repaint), and the noise they were first noised with.
     */
    record KnownRegion(float[] imageLatents, float[] noise, float[] latentMask) {
    }

    /** What one run took: the final latents and the time spent stepping. */
    record Result(float[] latents, long nanos) {
    }

    private DenoiseLoop() {
    }

    /**
     * Walks {@code latents} (one image, [4, height, width], updated in place) down the scheduler's steps.
     *
     * @param extra channels appended to the UNet's sample each step (an inpainting UNet's), or null
     * @param keep the region to keep (inpainting with a base UNet), or null
     */
    static Result run(Scheduler scheduler, float[] latents, GuidedUnet unet, float[] extra, KnownRegion keep,
            int width, int height, TaskContext<?> task) throws TaskCancelledException {
        double[] timesteps = scheduler.timesteps();
        int total = scheduler.steps();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            task.cancellation().throwIfCancelled();
            float[] noise = unet.predict(scheduler.scaleModelInput(latents, i), timesteps[i], extra, height, width);
            scheduler.step(noise, i, latents);
            if (keep != null) {
                float[] known = i < total - 1 ? scheduler.addNoise(keep.imageLatents(), keep.noise(), i + 1)
                        : keep.imageLatents();
                blend(latents, known, keep.latentMask());
            }
            task.progress(i + 1, total);
        }
        return new Result(latents, System.nanoTime() - start);
    }

    /** {@code x ← (1 − m)·known + m·x} per latent pixel, the same mask for every channel. */
    static void blend(float[] x, float[] known, float[] mask) {
        int plane = mask.length;
        for (int i = 0; i < x.length; i++) {
            float m = mask[i % plane];
            x[i] = (1 - m) * known[i] + m * x[i];
        }
    }
}
