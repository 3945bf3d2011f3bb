package io.ddiffusion.worker.images.local.sdxl;

/**
 * The inpainting mask (1 = repaint, 0 = keep) at the three scales the pipeline needs it: binarised at image size
 * (diffusers' mask processor binarises at 0.5), per latent pixel for the UNet and the blending, and feathered for the
 * final composite over the original image.
 */
final class InpaintMask {
    /** How far, in pixels, the composite fades the new content in from the mask's edge. */
    static final int FEATHER_RADIUS = 8;

    private final float[] soft;
    private final int width;
    private final int height;

    /** {@code values}: the mask at image size, row-major, in [0, 1] (white = 1). */
    InpaintMask(float[] values, int width, int height) {
        if (values.length != width * height) {
            throw new IllegalArgumentException("mask holds " + values.length + " values, not " + width + "×" + height);
        }
        this.soft = values.clone();
        this.width = width;
        this.height = height;
    }

    /** 1 for a latent pixel when any image pixel of its 8×8 block is to be repainted. */
    float[] latent(int factor) {
        // why: nearest-neighbour downsampling (diffusers) can miss thin strokes; taking the block's maximum makes the
        // latent region cover every masked pixel, and the composite restores whatever lies outside the mask
        int lw = width / factor;
        int lh = height / factor;
        float[] out = new float[lw * lh];
        for (int y = 0; y < lh * factor; y++) {
            for (int x = 0; x < lw * factor; x++) {
                if (soft[y * width + x] >= 0.5f) {
                    out[(y / factor) * lw + x / factor] = 1f;
                }
            }
        }
        return out;
    }

    /** An image (CHW, [-1, 1]) with the region to repaint set to 0, as an inpainting UNet's masked image. */
    float[] maskOut(float[] image) {
        float[] out = image.clone();
        int plane = width * height;
        for (int i = 0; i < out.length; i++) {
            if (soft[i % plane] >= 0.5f) {
                out[i] = 0f;
            }
        }
        return out;
    }

    /**
     * {@code generated} over {@code original} (both CHW) through the mask faded inwards: the weight is the smaller of
     * the mask and its box blur, so it is exactly 0 wherever the mask is 0 (the original is kept there) and reaches
     * the mask's value {@link #FEATHER_RADIUS} pixels inside the edge.
     */
    float[] composite(float[] generated, float[] original) {
        float[] blurred = BoxBlur.blur(soft, width, height, FEATHER_RADIUS);
        float[] out = new float[generated.length];
        int plane = width * height;
        for (int i = 0; i < out.length; i++) {
            float a = Math.min(soft[i % plane], blurred[i % plane]);
            out[i] = original[i] + a * (generated[i] - original[i]);
        }
        return out;
    }
}
