package io.ddiffusion.worker.media;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Bulk pixel access: whole images to and from primitive arrays, straight from the raster's backing array where its
 * layout allows (a 4K image through {@code getRGB(x, y)} one pixel at a time is far too slow).
 */
final class Pixels {
    private Pixels() {
    }

    /** Whether {@code img} is single-channel 8-bit grey (a mask), read as one channel rather than RGB. */
    static boolean isGrey(BufferedImage img) {
        return img.getType() == BufferedImage.TYPE_BYTE_GRAY;
    }

    /** Packed {@code 0xRRGGBB} per pixel, row-major; any type is first converted to RGB on black. */
    static int[] rgb(BufferedImage img) {
        BufferedImage src = Images.toType(img, BufferedImage.TYPE_INT_RGB);
        int w = src.getWidth();
        int h = src.getHeight();
        int[] out = new int[w * h];
        WritableRaster r = src.getRaster();
        if (r.getSampleModel() instanceof SinglePixelPackedSampleModel sm && r.getDataBuffer() instanceof DataBufferInt db) {
            int stride = sm.getScanlineStride();
            // why: a sub-image shares its parent's array; the translation says where it starts
            int base = db.getOffset() - r.getSampleModelTranslateY() * stride - r.getSampleModelTranslateX();
            int[] data = db.getData();
            for (int y = 0; y < h; y++) {
                int from = base + y * stride;
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = data[from + x] & 0xFFFFFF;
                }
            }
            return out;
        }
        return src.getRGB(0, 0, w, h, out, 0, w);
    }

    /** Grey levels 0..255 per pixel, row-major; any type is first converted to 8-bit grey. */
    static byte[] grey(BufferedImage img) {
        BufferedImage src = Images.toType(img, BufferedImage.TYPE_BYTE_GRAY);
        int w = src.getWidth();
        int h = src.getHeight();
        byte[] out = new byte[w * h];
        WritableRaster r = src.getRaster();
        if (r.getSampleModel() instanceof ComponentSampleModel sm && r.getDataBuffer() instanceof DataBufferByte db
                && sm.getPixelStride() == 1) {
            int stride = sm.getScanlineStride();
            int base = db.getOffset() + sm.getOffset(0, 0) - r.getSampleModelTranslateY() * stride
                    - r.getSampleModelTranslateX();
            for (int y = 0; y < h; y++) {
                System.arraycopy(db.getData(), base + y * stride, out, y * w, w);
            }
            return out;
        }
        int[] samples = r.getSamples(0, 0, w, h, 0, (int[]) null);
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) samples[i];
        }
        return out;
    }

    /** A new RGB image whose backing array the caller fills with packed {@code 0xRRGGBB} values. */
    static BufferedImage newRgb(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /** The backing array of an image made by {@link #newRgb}. */
    static int[] rgbArray(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    /** A new 8-bit grey image whose backing array the caller fills. */
    static BufferedImage newGrey(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    }

    /** The backing array of an image made by {@link #newGrey}. */
    static byte[] greyArray(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    /** A new grey or RGB image, as {@link #newGrey} or {@link #newRgb}. */
    static BufferedImage newImage(boolean grey, int width, int height) {
        return grey ? newGrey(width, height) : newRgb(width, height);
    }

    /**
     * Copies {@code rows} whole rows of an image made here into another of the same kind and width, starting at
     * row {@code toRow} of the target.
     */
    static void copyRows(BufferedImage from, BufferedImage to, int toRow, int rows) {
        int w = from.getWidth();
        Object src = isGrey(from) ? greyArray(from) : rgbArray(from);
        Object dst = isGrey(to) ? greyArray(to) : rgbArray(to);
        if (to.getWidth() == w) {
            System.arraycopy(src, 0, dst, toRow * w, rows * w);
            return;
        }
        for (int y = 0; y < rows; y++) {
            System.arraycopy(src, y * w, dst, (toRow + y) * to.getWidth(), w);
        }
    }

    /** {@code v} rounded to the nearest integer and clamped to 0..255. */
    static int toByte(float v) {
        if (!(v > 0f)) {
            return 0; // why: NaN from a broken model output lands here, as black
        }
        return v >= 255f ? 255 : (int) (v + 0.5f);
    }
}
