package io.ddiffusion.worker.images.local.sdxl;

/** A separable box blur over one plane with running sums; edges average over the pixels that exist. */
final class BoxBlur {
    private BoxBlur() {
    }

    static float[] blur(float[] plane, int width, int height, int radius) {
        float[] rows = new float[plane.length];
        for (int y = 0; y < height; y++) {
            pass(plane, rows, y * width, 1, width, radius);
        }
        float[] out = new float[plane.length];
        for (int x = 0; x < width; x++) {
            pass(rows, out, x, width, height, radius);
        }
        return out;
    }

    /** One line of {@code length} samples from {@code offset}, {@code stride} apart. */
    private static void pass(float[] in, float[] out, int offset, int stride, int length, int radius) {
        double sum = 0;
        int lo = 0;
        int hi = -1;
        for (int i = 0; i < length; i++) {
            int from = Math.max(0, i - radius);
            int to = Math.min(length - 1, i + radius);
            while (hi < to) {
                sum += in[offset + ++hi * stride];
            }
            while (lo < from) {
                sum -= in[offset + lo++ * stride];
            }
            out[offset + i * stride] = (float) (sum / (to - from + 1));
        }
    }
}
