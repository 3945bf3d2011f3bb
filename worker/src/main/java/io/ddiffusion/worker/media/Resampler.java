package io.ddiffusion.worker.media;

import java.awt.image.BufferedImage;
import java.util.stream.IntStream;

/**
 * Separable resampling of planar float images, the way PIL resizes: one horizontal and one vertical pass, each output
 * sample a normalised weighted sum of the source samples under the kernel. When shrinking, the kernel is widened by
 * the scale factor, so every source pixel contributes (antialiasing) at any ratio, in one pass. At the borders the
 * kernel is cut off and its weights renormalised (no edge replication or padding).
 */
public final class Resampler {
    /** Below this many output samples a pass runs on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;

    private Resampler() {
    }

    /** Resizes every channel of {@code src} to {@code width × height}; values are not clamped. */
    public static FloatImage resize(FloatImage src, int width, int height, ResampleFilter filter) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("cannot resize to " + width + "×" + height);
        }
        FloatImage horizontal = src.width() == width ? src : horizontal(src, Weights.of(src.width(), width, filter));
        return src.height() == height ? horizontal : vertical(horizontal, Weights.of(src.height(), height, filter));
    }

    /**
     * Resizes an 8-bit image: {@code TYPE_BYTE_GRAY} (a mask) stays greyscale; anything else comes back as
     * {@code TYPE_INT_RGB} (alpha is dropped, as in {@link Images#decodeRgb}). Results are rounded and clamped.
     */
    public static BufferedImage resize(BufferedImage src, int width, int height, ResampleFilter filter) {
        int channels = Pixels.isGrey(src) ? 1 : 3;
        double[] one = {1.0, 1.0, 1.0};
        double[] zero = {0.0, 0.0, 0.0};
        FloatImage levels = ImageTensors.read(src, channels, one, zero);
        return ImageTensors.write(resize(levels, width, height, filter), 1.0, 0.0);
    }

    private static FloatImage horizontal(FloatImage src, Weights wx) {
        int inW = src.width();
        int outW = wx.size();
        FloatImage out = FloatImage.zeros(src.channels(), outW, src.height());
        float[] in = src.data();
        float[] dst = out.data();
        rows(src.channels() * src.height(), outW, row -> {
            int inRow = row * inW;
            int outRow = row * outW;
            for (int x = 0; x < outW; x++) {
                int start = inRow + wx.start[x];
                int k0 = x * wx.window;
                float sum = 0f;
                for (int k = 0; k < wx.count[x]; k++) {
                    sum += wx.weights[k0 + k] * in[start + k];
                }
                dst[outRow + x] = sum;
            }
        });
        return out;
    }

    private static FloatImage vertical(FloatImage src, Weights wy) {
        int w = src.width();
        int inH = src.height();
        int outH = wy.size();
        FloatImage out = FloatImage.zeros(src.channels(), w, outH);
        float[] in = src.data();
        float[] dst = out.data();
        rows(src.channels() * outH, w, row -> {
            int c = row / outH;
            int y = row % outH;
            int outRow = row * w;
            int k0 = y * wy.window;
            // why: whole source rows at a time, so the inner loop walks memory in order
            for (int k = 0; k < wy.count[y]; k++) {
                float weight = wy.weights[k0 + k];
                int inRow = (c * inH + wy.start[y] + k) * w;
                for (int x = 0; x < w; x++) {
                    dst[outRow + x] += weight * in[inRow + x];
                }
            }
        });
        return out;
    }

    private static void rows(int rows, int width, java.util.function.IntConsumer body) {
        IntStream range = IntStream.range(0, rows);
        ((long) rows * width >= PARALLEL_THRESHOLD ? range.parallel() : range).forEach(body);
    }

    /** The kernel taps of one axis: for output sample {@code i}, {@code count[i]} weights from source {@code start[i]}. */
    private record Weights(int[] start, int[] count, float[] weights, int window) {
        int size() {
            return start.length;
        }

        static Weights of(int inSize, int outSize, ResampleFilter filter) {
            double scale = (double) inSize / outSize;
            // why: widening the kernel when shrinking is what makes a downscale antialiased
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int window = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[outSize];
            int[] count = new int[outSize];
            float[] weights = new float[outSize * window];
            double[] w = new double[window];
            for (int i = 0; i < outSize; i++) {
                double centre = (i + 0.5) * scale;
                int min = Math.max(0, (int) Math.floor(centre - support + 0.5));
                int max = Math.min(inSize, (int) Math.floor(centre + support + 0.5));
                double sum = 0;
                int n = 0;
                for (int j = min; j < max && n < window; j++, n++) {
                    w[n] = filter.weight((j + 0.5 - centre) / filterScale);
                    sum += w[n];
                }
                start[i] = min;
                count[i] = n;
                for (int k = 0; k < n; k++) {
                    weights[i * window + k] = (float) (sum == 0 ? 0 : w[k] / sum);
                }
            }
            return new Weights(start, count, weights, window);
        }
    }
}
