package io.ddiffusion.worker.media;

/**
 * A planar float image, channel-major (CHW): sample {@code (c, x, y)} is at {@code data[(c * height + y) * width + x]}.
 * The layout an ONNX model takes as NCHW with a batch of one ({@link #nchwShape()}); a single channel is a plane (a
 * depth map, a mask's logits). The array is shared, not copied: the record is a view that tensor code fills and reads
 * without extra copies, and equality is that of the array's identity, not its contents.
 */
public record FloatImage(int channels, int width, int height, float[] data) {

    public FloatImage {
        int size = checkedSize(channels, width, height);
        if (data == null || data.length != size) {
            throw new IllegalArgumentException("data length " + (data == null ? "null" : data.length) + " does not"
                    + " match " + channels + "×" + width + "×" + height);
        }
    }

    /** A black (all zero) image. */
    public static FloatImage zeros(int channels, int width, int height) {
        return new FloatImage(channels, width, height, new float[checkedSize(channels, width, height)]);
    }

    private static int checkedSize(int channels, int width, int height) {
        if (channels < 1 || width < 1 || height < 1) {
            throw new IllegalArgumentException("image must have at least one channel and one pixel, got " + channels
                    + "×" + width + "×" + height);
        }
        long size = (long) channels * width * height;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(channels + "×" + width + "×" + height + " is too large for one array");
        }
        return (int) size;
    }

    /** A single-channel plane over {@code data} (row-major, {@code width × height}). */
    public static FloatImage plane(int width, int height, float[] data) {
        return new FloatImage(1, width, height, data);
    }

    /** Number of samples in one channel. */
    public int planeSize() {
        return width * height;
    }

    public float get(int c, int x, int y) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int x, int y, float value) {
        data[(c * height + y) * width + x] = value;
    }

    /** {@code {1, channels, height, width}}, the shape of this image as an ONNX NCHW tensor. */
    public long[] nchwShape() {
        return new long[] {1, channels, height, width};
    }

    /** A copy of channel {@code c} as a plane. */
    public FloatImage channel(int c) {
        if (c < 0 || c >= channels) {
            throw new IllegalArgumentException("channel " + c + " outside 0.." + (channels - 1));
        }
        float[] out = new float[planeSize()];
        System.arraycopy(data, c * planeSize(), out, 0, planeSize());
        return plane(width, height, out);
    }

    /** A copy of the {@code w × h} region at {@code (x, y)}, every channel. */
    public FloatImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop " + w + "×" + h + " at (" + x + ", " + y + ") outside " + width
                    + "×" + height);
        }
        FloatImage out = zeros(channels, w, h);
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < h; row++) {
                System.arraycopy(data, (c * height + y + row) * width + x, out.data, (c * h + row) * w, w);
            }
        }
        return out;
    }

    /** A copy extended with zeros on the right and bottom to {@code w × h} (the origin stays top-left). */
    public FloatImage padTo(int w, int h) {
        if (w < width || h < height) {
            throw new IllegalArgumentException("cannot pad " + width + "×" + height + " to the smaller " + w + "×" + h);
        }
        FloatImage out = zeros(channels, w, h);
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < height; row++) {
                System.arraycopy(data, (c * height + row) * width, out.data, (c * h + row) * w, width);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "FloatImage[" + channels + "×" + width + "×" + height + "]";
    }
}
