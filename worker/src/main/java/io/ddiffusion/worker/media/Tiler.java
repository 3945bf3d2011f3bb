package io.ddiffusion.worker.media;

import java.awt.image.BufferedImage;

/**
 * Runs an upscaling model tile by tile (Real-ESRGAN) so that large images fit in the model's memory, and blends the
 * tiles into the {@code scale}× output. Where tiles overlap, each one's weight ramps linearly from its inner side to
 * its edge, so neighbours cross-fade and no seam shows; the weights are normalised, so a constant image stays
 * constant. Output rows are finished one tile row at a time, so only a band of float accumulator is held beside the
 * result.
 */
public final class Tiler {
    private final int tileSize;
    private final int overlap;
    private final int scale;

    /** The model: a CHW tile in, the same channels at {@code scale}× its width and height out. */
    @FunctionalInterface
    public interface TileModel {
        FloatImage run(FloatImage tile) throws Exception;
    }

    /**
     * Called before tile {@code done} (0-based) of {@code total}, and once more with {@code done == total} at the
     * end: report progress, and throw (for instance {@code TaskCancelledException}) to stop.
     */
    @FunctionalInterface
    public interface TileProgress {
        void beforeTile(int done, int total) throws Exception;
    }

    private Tiler(int tileSize, int overlap, int scale) {
        this.tileSize = tileSize;
        this.overlap = overlap;
        this.scale = scale;
    }

    /** Tiles of at most {@code tileSize²} source pixels sharing {@code overlap} pixels, upscaled {@code scale}×. */
    public static Tiler of(int tileSize, int overlap, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        new TileGrid(1, 1, tileSize, overlap); // why: one place checks tile size and overlap
        return new Tiler(tileSize, overlap, scale);
    }

    /** The tiles of a {@code width × height} source. */
    public TileGrid grid(int width, int height) {
        return new TileGrid(width, height, tileSize, overlap);
    }

    /** Upscales a CHW image; the result has the same channels and {@code scale}× the size. */
    public FloatImage upscale(FloatImage image, TileModel model, TileProgress progress) throws Exception {
        FloatImage out = FloatImage.zeros(image.channels(), image.width() * scale, image.height() * scale);
        int plane = out.planeSize();
        run(image, model, progress, (band, bandRows, firstRow, rowCount) -> {
            for (int c = 0; c < out.channels(); c++) {
                System.arraycopy(band, c * bandRows * out.width(), out.data(), c * plane + firstRow * out.width(),
                        rowCount * out.width());
            }
        });
        return out;
    }

    /**
     * Upscales an 8-bit image: greyscale as one channel, anything else as RGB; the model sees and returns values in
     * {@code range}, clamped back to 0..255.
     */
    public BufferedImage upscale(BufferedImage image, ImageTensors.Range range, TileModel model,
            TileProgress progress) throws Exception {
        boolean grey = Pixels.isGrey(image);
        FloatImage in = grey ? ImageTensors.toPlane(image, range) : ImageTensors.toChw(image, range);
        int outW = image.getWidth() * scale;
        BufferedImage out = Pixels.newImage(grey, outW, image.getHeight() * scale);
        run(in, model, progress, (band, bandRows, firstRow, rowCount) -> {
            FloatImage rows = FloatImage.zeros(in.channels(), outW, rowCount);
            for (int c = 0; c < in.channels(); c++) {
                System.arraycopy(band, c * bandRows * outW, rows.data(), c * rows.planeSize(), rows.planeSize());
            }
            BufferedImage part = grey ? ImageTensors.toGrey(rows, range) : ImageTensors.toRgb(rows, range);
            Pixels.copyRows(part, out, firstRow, rowCount);
        });
        return out;
    }

    /** Receives finished output rows: band rows {@code 0 .. rowCount-1} are output rows from {@code firstRow}. */
    @FunctionalInterface
    private interface RowSink {
        void accept(float[] band, int bandRows, int firstRow, int rowCount);
    }

    private void run(FloatImage image, TileModel model, TileProgress progress, RowSink sink) throws Exception {
        TileGrid grid = grid(image.width(), image.height());
        int channels = image.channels();
        int outW = image.width() * scale;
        int outH = image.height() * scale;
        float[][] wx = feather(grid, image.width(), grid.columns());
        float[][] wy = feather(grid, image.height(), grid.rows());
        int bandRows = 0;
        for (float[] row : wy) {
            bandRows = Math.max(bandRows, row.length);
        }
        float[] band = new float[channels * bandRows * outW];
        int bandTop = 0;
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.columns(); c++) {
                TileGrid.Tile tile = grid.tile(c, r);
                progress.beforeTile(tile.index(), grid.size());
                FloatImage result = model.run(image.crop(tile.x(), tile.y(), tile.width(), tile.height()));
                check(tile, channels, result);
                accumulate(result, wx[c], wy[r], band, bandRows, outW, tile.x() * scale, tile.y() * scale - bandTop);
            }
            int finished = r + 1 < grid.rows() ? grid.tile(0, r + 1).y() * scale : outH;
            int rowEnd = grid.tile(0, r).y() * scale + wy[r].length;
            sink.accept(band, bandRows, bandTop, finished - bandTop);
            shift(band, channels, bandRows, outW, finished - bandTop, rowEnd - finished);
            bandTop = finished;
        }
        progress.beforeTile(grid.size(), grid.size());
    }

    /**
     * For each of the {@code n} tiles along an axis of {@code length} source pixels, its weight at each of its output
     * pixels: 1 inside, a linear ramp across each overlap with a neighbour, divided by the sum over all tiles so the
     * weights at every output pixel add up to one.
     */
    private float[][] feather(TileGrid grid, int length, int n) {
        int ramp = grid.overlap() * scale;
        double[] sum = new double[length * scale];
        double[][] raw = new double[n][];
        for (int k = 0; k < n; k++) {
            int start = grid.start(length, n, k) * scale;
            int size = grid.end(length, n, k) * scale - start;
            raw[k] = new double[size];
            for (int p = 0; p < size; p++) {
                // why: +0.5 samples the ramp at pixel centres, so it never reaches 0 and neighbours sum to 1
                double rise = k > 0 && ramp > 0 ? Math.min(1.0, (p + 0.5) / ramp) : 1.0;
                double fall = k < n - 1 && ramp > 0 ? Math.min(1.0, (size - p - 0.5) / ramp) : 1.0;
                raw[k][p] = Math.min(rise, fall);
                sum[start + p] += raw[k][p];
            }
        }
        float[][] out = new float[n][];
        for (int k = 0; k < n; k++) {
            int start = grid.start(length, n, k) * scale;
            out[k] = new float[raw[k].length];
            for (int p = 0; p < raw[k].length; p++) {
                out[k][p] = (float) (raw[k][p] / sum[start + p]);
            }
        }
        return out;
    }

    private void check(TileGrid.Tile tile, int channels, FloatImage result) {
        if (result == null || result.channels() != channels || result.width() != tile.width() * scale
                || result.height() != tile.height() * scale) {
            throw new IllegalStateException("the model returned " + result + " for the " + tile.width() + "×"
                    + tile.height() + " tile at (" + tile.x() + ", " + tile.y() + "), expected FloatImage["
                    + channels + "×" + tile.width() * scale + "×" + tile.height() * scale + "]");
        }
    }

    private static void accumulate(FloatImage tile, float[] wx, float[] wy, float[] band, int bandRows, int outW,
            int x0, int y0) {
        int w = tile.width();
        float[] src = tile.data();
        for (int c = 0; c < tile.channels(); c++) {
            for (int ty = 0; ty < tile.height(); ty++) {
                float rowWeight = wy[ty];
                int from = (c * tile.height() + ty) * w;
                int to = (c * bandRows + y0 + ty) * outW + x0;
                for (int tx = 0; tx < w; tx++) {
                    band[to + tx] += src[from + tx] * wx[tx] * rowWeight;
                }
            }
        }
    }

    /** Moves {@code keep} unfinished rows from band row {@code from} to the top and clears the rest. */
    private static void shift(float[] band, int channels, int bandRows, int outW, int from, int keep) {
        for (int c = 0; c < channels; c++) {
            int base = c * bandRows * outW;
            System.arraycopy(band, base + from * outW, band, base, keep * outW);
            java.util.Arrays.fill(band, base + keep * outW, base + bandRows * outW, 0f);
        }
    }
}
