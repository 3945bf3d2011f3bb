package io.ddiffusion.worker.images.local;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.schema.common.Limits;

/**
 * Knobs of the local pipelines; each model checks its values when the worker builds its handler, so a bad value
 * stops the worker at start naming the variable.
 *
 * @param depthPngBits {@code DDIFFUSION_DEPTH_PNG_BITS}: 16 (default) or 8 like the original
 * @param esrganTileSize {@code DDIFFUSION_ESRGAN_TILE_SIZE}: tile side for exports that take any size
 * @param esrganTileOverlap {@code DDIFFUSION_ESRGAN_TILE_OVERLAP}: pixels neighbouring tiles share
 * @param esrganMaxOutputPixels {@code DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS}: the largest upscaled image (the API reads
 *     it too, to refuse larger inputs at submit)
 * @param sdxlScheduler {@code DDIFFUSION_SDXL_SCHEDULER}: the sd-xl sampler
 */
public record LocalPipelineSettings(int depthPngBits, int esrganTileSize, int esrganTileOverlap,
        long esrganMaxOutputPixels, String sdxlScheduler) {

    public static LocalPipelineSettings from(Env env) {
        return new LocalPipelineSettings(env.integer("DDIFFUSION_DEPTH_PNG_BITS", 16),
                env.integer("DDIFFUSION_ESRGAN_TILE_SIZE", 512),
                env.integer("DDIFFUSION_ESRGAN_TILE_OVERLAP", 16),
                maxUpscaledPixels(env),
                env.string("DDIFFUSION_SDXL_SCHEDULER", "euler"));
    }

    /** {@code DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS}, as the workers and the API read it. */
    public static long maxUpscaledPixels(Env env) {
        return env.integer(Limits.MAX_UPSCALED_PIXELS_VARIABLE, Limits.DEFAULT_MAX_UPSCALED_PIXELS);
    }
}
