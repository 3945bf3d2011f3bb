package io.ddiffusion.worker.media;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The original sam-2 output: a "clown" mask on black, mask 1 in red, mask 2 in green, every further mask in blue,
 * added channel by channel and saturating at 255 (where red and green masks overlap the pixel is yellow; overlapping
 * blue masks stay blue).
 */
public final class ColourMasks {
    private ColourMasks() {
    }

    /**
     * Composes masks given as planes of coverage in [0, 1] (values outside are clamped), each contributing
     * {@code ⌊coverage × 255⌋} to its colour channel, as the original converts its masks to 8 bits.
     */
    public static BufferedImage clown(List<FloatImage> masks) {
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("no masks to compose");
        }
        int width = masks.getFirst().width();
        int height = masks.getFirst().height();
        List<byte[]> levels = new ArrayList<>(masks.size());
        for (int i = 0; i < masks.size(); i++) {
            FloatImage m = masks.get(i);
            if (m.channels() != 1 || m.width() != width || m.height() != height) {
                throw new IllegalArgumentException("mask " + i + " is " + m + ", expected FloatImage[1×" + width
                        + "×" + height + "] like mask 0");
            }
            byte[] l = new byte[m.planeSize()];
            float[] d = m.data();
            for (int p = 0; p < l.length; p++) {
                float v = d[p] > 0f ? Math.min(d[p], 1f) : 0f;
                l[p] = (byte) (int) (v * 255f);
            }
            levels.add(l);
        }
        return compose(width, height, levels);
    }

    /** Composes binary masks ({@code width × height}, row-major): a set pixel contributes 255 to its channel. */
    public static BufferedImage clown(int width, int height, List<boolean[]> masks) {
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("no masks to compose");
        }
        List<byte[]> levels = new ArrayList<>(masks.size());
        for (int i = 0; i < masks.size(); i++) {
            boolean[] m = masks.get(i);
            if (m.length != width * height) {
                throw new IllegalArgumentException("mask " + i + " has " + m.length + " pixels, expected " + width
                        + "×" + height);
            }
            byte[] l = new byte[m.length];
            for (int p = 0; p < l.length; p++) {
                l[p] = m[p] ? (byte) 255 : 0;
            }
            levels.add(l);
        }
        return compose(width, height, levels);
    }

    private static BufferedImage compose(int width, int height, List<byte[]> levels) {
        BufferedImage out = Pixels.newRgb(width, height);
        int[] dst = Pixels.rgbArray(out);
        int n = width * height;
        int[] red = new int[n];
        int[] green = new int[n];
        int[] blue = new int[n];
        for (int i = 0; i < levels.size(); i++) {
            int[] channel = i == 0 ? red : i == 1 ? green : blue;
            byte[] l = levels.get(i);
            for (int p = 0; p < n; p++) {
                channel[p] += l[p] & 0xFF;
            }
        }
        for (int p = 0; p < n; p++) {
            dst[p] = Math.min(red[p], 255) << 16 | Math.min(green[p], 255) << 8 | Math.min(blue[p], 255);
        }
        return out;
    }
}
