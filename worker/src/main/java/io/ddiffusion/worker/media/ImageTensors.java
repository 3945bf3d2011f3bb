package io.ddiffusion.worker.media;

import java.awt.image.BufferedImage;
import java.util.stream.IntStream;

/**
 * Images to model inputs and model outputs back to images: 8-bit RGB ↔ planar float CHW ({@link FloatImage}, NCHW
 * with a batch of one), scaled to a {@link Range} and optionally normalised per channel.
 */
public final class ImageTensors {
    private ImageTensors() {
    }

    /** The value range that 0..255 maps onto. */
    public enum Range {
        /** 0 → 0, 255 → 1 (Real-ESRGAN, the first step of ImageNet normalisation). */
        UNIT(1.0 / 255.0, 0.0),
        /** 0 → -1, 255 → 1 (Stable Diffusion's VAE). */
        SIGNED(2.0 / 255.0, -1.0);

        private final double scale;
        private final double offset;

        Range(double scale, double offset) {
            this.scale = scale;
            this.offset = offset;
        }
    }

    /** Per-channel {@code (v - mean) / std} applied to values in [0, 1]; immutable. */
    public static final class Normalisation {
        /** The ImageNet statistics (Depth Anything, SAM 2, Grounding DINO). */
        public static final Normalisation IMAGENET = new Normalisation(new double[] {0.485, 0.456, 0.406},
                new double[] {0.229, 0.224, 0.225});

        private final double[] mean;
        private final double[] std;

        private Normalisation(double[] mean, double[] std) {
            this.mean = mean;
            this.std = std;
        }

        /** RGB means and standard deviations (on the [0, 1] scale). */
        public static Normalisation of(double[] mean, double[] std) {
            if (mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("need 3 means and 3 standard deviations (R, G, B), got "
                        + mean.length + " and " + std.length);
            }
            for (double s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("standard deviations must be positive, got " + s);
                }
            }
            return new Normalisation(mean.clone(), std.clone());
        }

        public double mean(int channel) {
            return mean[channel];
        }

        public double std(int channel) {
            return std[channel];
        }
    }

    /** RGB planes scaled to {@code range}; any image type, converted to RGB (on black) once. */
    public static FloatImage toChw(BufferedImage img, Range range) {
        return read(img, 3, uniform(range.scale, 3), uniform(range.offset, 3));
    }

    /** RGB planes in [0, 1], then normalised per channel: {@code (v - mean) / std}. */
    public static FloatImage toChw(BufferedImage img, Normalisation n) {
        double[] scale = new double[3];
        double[] offset = new double[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1.0 / (255.0 * n.std(c));
            offset[c] = -n.mean(c) / n.std(c);
        }
        return read(img, 3, scale, offset);
    }

    /** One plane from a greyscale image (a mask) scaled to {@code range}; colour images are converted to grey. */
    public static FloatImage toPlane(BufferedImage mask, Range range) {
        return read(mask, 1, uniform(range.scale, 1), uniform(range.offset, 1));
    }

    /** An RGB image from three planes in {@code range}; values are rounded and clamped to 0..255. */
    public static BufferedImage toRgb(FloatImage chw, Range range) {
        if (chw.channels() != 3) {
            throw new IllegalArgumentException("an RGB image needs 3 channels, got " + chw);
        }
        return write(chw, range.scale, range.offset);
    }

    /** An 8-bit greyscale image from one plane in {@code range}; values are rounded and clamped to 0..255. */
    public static BufferedImage toGrey(FloatImage plane, Range range) {
        if (plane.channels() != 1) {
            throw new IllegalArgumentException("a greyscale image needs 1 channel, got " + plane);
        }
        return write(plane, range.scale, range.offset);
    }

    /**
     * Channel {@code c} gets {@code level * scale[c] + offset[c]}. With one channel the image is read as grey, with
     * three as RGB.
     */
    static FloatImage read(BufferedImage img, int channels, double[] scale, double[] offset) {
        int w = img.getWidth();
        int n = w * img.getHeight();
        FloatImage out = FloatImage.zeros(channels, w, img.getHeight());
        float[] d = out.data();
        if (channels == 1) {
            byte[] grey = Pixels.grey(img);
            float[] lut = lut(scale[0], offset[0]);
            for (int i = 0; i < n; i++) {
                d[i] = lut[grey[i] & 0xFF];
            }
            return out;
        }
        int[] rgb = Pixels.rgb(img);
        float[] r = lut(scale[0], offset[0]);
        float[] g = lut(scale[1], offset[1]);
        float[] b = lut(scale[2], offset[2]);
        for (int i = 0; i < n; i++) {
            int p = rgb[i];
            d[i] = r[(p >> 16) & 0xFF];
            d[n + i] = g[(p >> 8) & 0xFF];
            d[2 * n + i] = b[p & 0xFF];
        }
        return out;
    }

    /** The inverse of {@link #read} with a uniform scale and offset: one channel gives grey, three give RGB. */
    static BufferedImage write(FloatImage img, double scale, double offset) {
        float mul = (float) (1.0 / scale);
        float add = (float) (-offset / scale);
        int n = img.planeSize();
        float[] d = img.data();
        if (img.channels() == 1) {
            BufferedImage out = Pixels.newGrey(img.width(), img.height());
            byte[] dst = Pixels.greyArray(out);
            for (int i = 0; i < n; i++) {
                dst[i] = (byte) Pixels.toByte(d[i] * mul + add);
            }
            return out;
        }
        if (img.channels() != 3) {
            throw new IllegalArgumentException("an image needs 1 or 3 channels, got " + img);
        }
        BufferedImage out = Pixels.newRgb(img.width(), img.height());
        int[] dst = Pixels.rgbArray(out);
        // why: 4K outputs are 8M pixels; rows are independent, so convert them in parallel
        IntStream.range(0, img.height()).parallel().forEach(y -> {
            for (int i = y * img.width(), end = i + img.width(); i < end; i++) {
                dst[i] = Pixels.toByte(d[i] * mul + add) << 16 | Pixels.toByte(d[n + i] * mul + add) << 8
                        | Pixels.toByte(d[2 * n + i] * mul + add);
            }
        });
        return out;
    }

    private static float[] lut(double scale, double offset) {
        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = (float) (v * scale + offset);
        }
        return lut;
    }

    private static double[] uniform(double v, int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
