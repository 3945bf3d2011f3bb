package io.ddiffusion.worker.images.local.sdxl;

import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.onnx.TensorSpec;
import java.util.Arrays;
import java.util.Map;

/**
 * SDXL's UNet with classifier-free guidance: {@code noise = uncond + g·(cond − uncond)}, the unconditional prediction
 * taken with the negative prompt's embeddings (diffusers' {@code noise_pred_uncond + guidance_scale * (noise_pred_text
 * − noise_pred_uncond)}).
 *
 * <p>Inputs, verified against Optimum's {@code UNetOnnxConfig} for {@code addition_embed_type == "text_time"}:
 * {@code sample} [batch, channels, h, w], {@code timestep} (a scalar in current Optimum, [steps] in older exports;
 * float or int64 by exporter), {@code encoder_hidden_states} [batch, 77, 2048], {@code text_embeds} [batch, 1280],
 * {@code time_ids} [batch, 6]; output {@code out_sample}. Element types and the timestep's rank are read from the
 * session, and fp16 exports are converted at the session boundary.
 *
 * <p>Negative and positive run as one batch of two, as diffusers does: one call per step keeps the GPU busier and
 * halves per-call overhead for about twice the activation memory, which SDXL at 1024² affords. An export with a fixed
 * batch of one gets two calls per step instead; both give the same numbers.
 */
final class GuidedUnet {
    static final String OUTPUT = "out_sample";

    private final Lease unet;
    private final PromptEmbeddings negative;
    private final PromptEmbeddings positive;
    private final float[] timeIds;
    private final double guidance;
    private final boolean batchOfTwo;
    /** Negative then positive, stacked once for the batch of two. */
    private final float[] pairedHidden;
    private final float[] pairedPooled;

    GuidedUnet(Lease unet, PromptEmbeddings negative, PromptEmbeddings positive, float[] timeIds, double guidance) {
        if (!negative.sameShapeAs(positive)) {
            throw new IllegalArgumentException("negative and positive prompt embeddings differ in shape");
        }
        this.unet = unet;
        this.negative = negative;
        this.positive = positive;
        this.timeIds = timeIds.clone();
        this.guidance = guidance;
        TensorSpec sample = spec("sample");
        for (String name : new String[] {"timestep", "encoder_hidden_states", "text_embeds", "time_ids"}) {
            spec(name);
        }
        long[] hiddenShape = spec("encoder_hidden_states").shape();
        long width = hiddenShape.length == 3 ? hiddenShape[2] : -1;
        if (width > 0 && width != positive.width()) {
            throw new InferenceException(unet + " takes encoder_hidden_states " + width + " wide, but the text"
                    + " encoders give " + positive.width() + "; the components do not belong together");
        }
        this.batchOfTwo = sample.shape()[0] != 1;
        this.pairedHidden = concat(negative.hidden(), positive.hidden());
        this.pairedPooled = concat(negative.pooled(), positive.pooled());
    }

    /** SDXL's micro-conditioning for an unresized, uncropped {@code width × height} image: [H, W, 0, 0, H, W]. */
    static float[] timeIds(int width, int height) {
        // original size, crop top-left, target size (diffusers' _get_add_time_ids)
        return new float[] {height, width, 0, 0, height, width};
    }

    /** The number of input channels the UNet declares (4 for a base UNet, 9 for an inpainting UNet), 4 when dynamic. */
    int inputChannels() {
        long c = spec("sample").shape()[1];
        return c > 0 ? (int) c : SdXlPipeline.LATENT_CHANNELS;
    }

    /**
     * The guided noise prediction for {@code scaled} latents (one image, [4, h, w]) at {@code timestep}.
     *
     * @param extra channels appended after the latents (an inpainting UNet's mask and masked-image latents), or null
     */
    float[] predict(float[] scaled, double timestep, float[] extra, int height, int width) {
        int channels = SdXlPipeline.LATENT_CHANNELS + (extra == null ? 0 : extra.length / (height * width));
        if (batchOfTwo) {
            float[] out = run(2, sample(scaled, extra, 2), timestep, height, width, channels, pairedHidden,
                    pairedPooled);
            return guide(Arrays.copyOfRange(out, 0, scaled.length), Arrays.copyOfRange(out, scaled.length,
                    out.length), guidance);
        }
        float[] sample = sample(scaled, extra, 1);
        float[] uncond = run(1, sample, timestep, height, width, channels, negative.hidden(), negative.pooled());
        float[] cond = run(1, sample, timestep, height, width, channels, positive.hidden(), positive.pooled());
        return guide(uncond, cond, guidance);
    }

    /** {@code uncond + g·(cond − uncond)}, in place in {@code uncond}. */
    static float[] guide(float[] uncond, float[] cond, double guidance) {
        for (int i = 0; i < uncond.length; i++) {
            uncond[i] = (float) (uncond[i] + guidance * (cond[i] - uncond[i]));
        }
        return uncond;
    }

    private float[] run(int batch, float[] sample, double timestep, int height, int width, int channels,
            float[] hidden, float[] pooled) {
        float[] ids = new float[batch * timeIds.length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(timeIds, 0, ids, b * timeIds.length, timeIds.length);
        }
        Map<String, Tensor> inputs = Map.of(
                "sample", Tensor.floats(sample, batch, channels, height, width),
                "timestep", timestepTensor(spec("timestep"), timestep),
                "encoder_hidden_states", Tensor.floats(hidden, batch, positive.tokens(), positive.width()),
                "text_embeds", Tensor.floats(pooled, batch, positive.pooled().length),
                "time_ids", Tensor.floats(ids, batch, timeIds.length));
        Tensor.Floats out = Outputs.run(unet, inputs, OUTPUT);
        if (out.data().length != batch * SdXlPipeline.LATENT_CHANNELS * height * width) {
            throw new InferenceException(unet + " returned " + OUTPUT + " of shape " + Arrays.toString(out.shape())
                    + " for " + batch + " latents of 4×" + height + "×" + width);
        }
        return out.data();
    }

    /** The timestep as the export declares it: scalar or [n], float or integer (rounded). */
    static Tensor timestepTensor(TensorSpec spec, double timestep) {
        long[] shape = switch (spec.shape().length) {
            case 0 -> new long[0];
            case 1 -> new long[] {spec.shape()[0] > 0 ? spec.shape()[0] : 1};
            default -> throw new InferenceException("the UNet's timestep input has shape " + Arrays.toString(
                    spec.shape()) + "; expected a scalar or a vector");
        };
        int n = Tensor.elements(shape);
        if (spec.isFloatingPoint()) {
            float[] v = new float[n];
            Arrays.fill(v, (float) timestep);
            return Tensor.floats(v, shape);
        }
        long[] v = new long[n];
        Arrays.fill(v, Math.round(timestep));
        return Tensor.longs(v, shape);
    }

    /** {@code copies} batch items, each the latents followed by the extra channels. */
    private static float[] sample(float[] scaled, float[] extra, int copies) {
        int item = scaled.length + (extra == null ? 0 : extra.length);
        float[] out = new float[copies * item];
        for (int b = 0; b < copies; b++) {
            System.arraycopy(scaled, 0, out, b * item, scaled.length);
            if (extra != null) {
                System.arraycopy(extra, 0, out, b * item + scaled.length, extra.length);
            }
        }
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private TensorSpec spec(String name) {
        TensorSpec s = unet.inputs().get(name);
        if (s == null) {
            throw new InferenceException(unet + " has no '" + name + "' input (declared " + unet.inputs().keySet()
                    + "); sd-xl needs an SDXL UNet export");
        }
        return s;
    }
}
