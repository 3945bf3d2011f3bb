package io.ddiffusion.worker.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;

/**
 * A float plane (a depth map) as a greyscale image, min–max normalised: the smallest value becomes black, the largest
 * white. 16-bit keeps a depth map's precision; 8-bit is the original's output. Levels are truncated, as the
 * original's {@code astype("uint8")}, so only the maximum reaches white. A flat plane (max = min) is all black, and
 * non-finite values (NaN, ±∞) are ignored for the range and come out black.
 */
public final class DepthPng {
    private DepthPng() {
    }

    /** 16-bit greyscale PNG ({@code 0..65535}). */
    public static byte[] png16(FloatImage plane) {
        return Images.png(grey16(plane));
    }

    /** 8-bit greyscale PNG ({@code 0..255}), as the original writes depth. */
    public static byte[] png8(FloatImage plane) {
        return Images.png(grey8(plane));
    }

    /** A {@code TYPE_USHORT_GRAY} image of the normalised plane. */
    public static BufferedImage grey16(FloatImage plane) {
        int[] levels = levels(plane, 65535);
        BufferedImage out = new BufferedImage(plane.width(), plane.height(), BufferedImage.TYPE_USHORT_GRAY);
        short[] dst = ((DataBufferUShort) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < levels.length; i++) {
            dst[i] = (short) levels[i];
        }
        return out;
    }

    /** A {@code TYPE_BYTE_GRAY} image of the normalised plane. */
    public static BufferedImage grey8(FloatImage plane) {
        int[] levels = levels(plane, 255);
        BufferedImage out = Pixels.newGrey(plane.width(), plane.height());
        byte[] dst = Pixels.greyArray(out);
        for (int i = 0; i < levels.length; i++) {
            dst[i] = (byte) levels[i];
        }
        return out;
    }

    /** Each value's place between the plane's minimum (0) and maximum ({@code top}). */
    static int[] levels(FloatImage plane, int top) {
        if (plane.channels() != 1) {
            throw new IllegalArgumentException("a depth map has 1 channel, got " + plane);
        }
        float[] d = plane.data();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : d) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        int[] out = new int[d.length];
        if (!(max > min)) {
            return out; // why: flat (or no finite values): nothing to spread, and no division by zero
        }
        double range = max - min;
        for (int i = 0; i < d.length; i++) {
            out[i] = Float.isFinite(d[i]) ? (int) ((d[i] - min) / range * top) : 0;
        }
        return out;
    }
}
