package io.ddiffusion.worker.images.local.esrgan;

import io.ddiffusion.worker.media.FloatImage;

/**
 * Extends a tile to the fixed size an export takes by mirroring it on the right and bottom (edge pixel not repeated,
 * as Real-ESRGAN pads), so the network sees a natural continuation rather than a black border; the padding's output
 * is cropped off afterwards.
 */
final class ReflectPad {
    private ReflectPad() {
    }

    /** {@code src} extended to {@code width × height}, origin kept top-left; {@code src} itself when it fits. */
    static FloatImage to(FloatImage src, int width, int height) {
        if (width < src.width() || height < src.height()) {
            throw new IllegalArgumentException("cannot pad " + src + " to the smaller " + width + "×" + height);
        }
        if (width == src.width() && height == src.height()) {
            return src;
        }
        FloatImage out = FloatImage.zeros(src.channels(), width, height);
        for (int c = 0; c < src.channels(); c++) {
            for (int y = 0; y < height; y++) {
                int sy = index(y, src.height());
                for (int x = 0; x < width; x++) {
                    out.set(c, x, y, src.get(c, index(x, src.width()), sy));
                }
            }
        }
        return out;
    }

    /** The source index for position {@code i} of an axis of {@code n} samples mirrored without repeating edges. */
    static int index(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = i % period;
        return m < n ? m : period - m;
    }
}
