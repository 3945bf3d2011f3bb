package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.models.onnx.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * SDXL's VAE: images in [-1, 1] to latents scaled by {@code scaling_factor} 0.13025 (SDXL's {@code vae/config.json};
 * SD 1.x used 0.18215) and back.
 *
 * <p>I/O verified against Optimum's {@code VaeEncoderOnnxConfig} / {@code VaeDecoderOnnxConfig}: the encoder takes
 * {@code sample} [batch, 3, H, W] and returns {@code latent_parameters} [batch, 8, H/8, W/8] (mean then log-variance)
 * in current Optimum; older exports return {@code latent_sample} [batch, 4, H/8, W/8], a draw made inside the graph.
 * We take the distribution's mean when the export gives it (deterministic; diffusers draws a sample, which differs by
 * the tiny VAE variance) and the export's draw otherwise. The decoder takes {@code latent_sample} and returns
 * {@code sample} [batch, 3, 8h, 8w].
 *
 * <p>SDXL's VAE overflows in fp16 (activations pass 65504; diffusers upcasts it, {@code force_upcast}); an fp16
 * decoder gives NaN or black images. The fp32 decoder is the safe default; a NaN output fails the task naming this.
 */
final class Vae {
    static final float SCALING_FACTOR = 0.13025f;
    private static final String DISTRIBUTION = "latent_parameters";

    private Vae() {
    }

    /** Whether the encoder returns the latent distribution (else a draw made inside the graph, not seeded by us). */
    static boolean givesDistribution(Lease encoder) {
        return encoder.outputs().containsKey(DISTRIBUTION);
    }

    /** Scaled latents [4, H/8, W/8] of an image given as CHW [3, height, width] in [-1, 1]. */
    static float[] encode(Lease encoder, float[] image, int width, int height) {
        if (!encoder.inputs().containsKey("sample")) {
            throw new InferenceException(encoder + " has no 'sample' input (declared " + encoder.inputs().keySet()
                    + ")");
        }
        String output = givesDistribution(encoder) ? DISTRIBUTION
                : encoder.outputs().keySet().stream().findFirst().orElseThrow();
        Tensor.Floats out = Outputs.run(encoder, Map.of("sample", Tensor.floats(image, 1, 3, height, width)), output);
        long[] shape = out.shape();
        int plane = (int) (shape[2] * shape[3]);
        int keep = SdXlPipeline.LATENT_CHANNELS * plane;
        if (shape[1] != SdXlPipeline.LATENT_CHANNELS && shape[1] != 2L * SdXlPipeline.LATENT_CHANNELS) {
            throw new InferenceException(encoder + " returned " + output + " of shape " + Arrays.toString(shape)
                    + "; expected 4 latent channels or 8 distribution parameters");
        }
        // mean channels come first in the parameters (diffusers' DiagonalGaussianDistribution)
        float[] latents = Arrays.copyOf(out.data(), keep);
        for (int i = 0; i < latents.length; i++) {
            latents[i] *= SCALING_FACTOR;
        }
        return latents;
    }

    /** The image, CHW [3, 8h, 8w] in [-1, 1], of scaled latents [4, h, w]. */
    static Tensor.Floats decode(Lease decoder, float[] latents, int width, int height) {
        float[] unscaled = new float[latents.length];
        for (int i = 0; i < latents.length; i++) {
            unscaled[i] = latents[i] / SCALING_FACTOR;
        }
        Tensor.Floats image = Outputs.run(decoder, Map.of("latent_sample", Tensor.floats(unscaled, 1,
                SdXlPipeline.LATENT_CHANNELS, height, width)), "sample");
        for (float v : image.data()) {
            if (!Float.isFinite(v)) {
                throw new InferenceException(decoder + " produced NaN or infinite pixels; SDXL's VAE overflows in"
                        + " fp16: use the fp32 vae_decoder (or an fp16-fixed VAE export)");
            }
        }
        return image;
    }
}
