package io.ddiffusion.worker.media;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@code width × height} image is cut into tiles of at most {@code tileSize × tileSize}, neighbours sharing
 * exactly {@code overlap} pixels. Along each axis the fewest tiles that fit are spread evenly, so all tiles of a row
 * (or column) differ by at most one pixel: the edge tiles shrink with the rest instead of being padded, and no thin
 * sliver is left over at the far edge. An image no larger than a tile is a single tile.
 */
public record TileGrid(int width, int height, int tileSize, int overlap) {

    public TileGrid {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("cannot tile a " + width + "×" + height + " image");
        }
        if (tileSize < 1) {
            throw new IllegalArgumentException("tile size must be at least 1, got " + tileSize);
        }
        if (overlap < 0 || overlap >= tileSize) {
            throw new IllegalArgumentException("overlap must be in 0.." + (tileSize - 1) + " for tile size "
                    + tileSize + ", got " + overlap);
        }
    }

    /** One tile: its place in the grid (row-major {@code index}) and its region of the source image. */
    public record Tile(int index, int column, int row, int x, int y, int width, int height) {
    }

    /** How many tiles cover {@code length} pixels with tiles of at most {@code tileSize} sharing {@code overlap}. */
    public static int count(int length, int tileSize, int overlap) {
        if (length <= tileSize) {
            return 1;
        }
        int step = tileSize - overlap;
        return (length - overlap + step - 1) / step;
    }

    public int columns() {
        return count(width, tileSize, overlap);
    }

    public int rows() {
        return count(height, tileSize, overlap);
    }

    /** Total number of tiles. */
    public int size() {
        return columns() * rows();
    }

    public Tile tile(int column, int row) {
        int columns = columns();
        int rows = rows();
        if (column < 0 || column >= columns || row < 0 || row >= rows) {
            throw new IllegalArgumentException("tile (" + column + ", " + row + ") outside " + columns + "×" + rows);
        }
        int x = start(width, columns, column);
        int y = start(height, rows, row);
        return new Tile(row * columns + column, column, row, x, y, end(width, columns, column) - x,
                end(height, rows, row) - y);
    }

    /** All tiles, row by row. */
    public List<Tile> tiles() {
        List<Tile> out = new ArrayList<>(size());
        for (int r = 0; r < rows(); r++) {
            for (int c = 0; c < columns(); c++) {
                out.add(tile(c, r));
            }
        }
        return out;
    }

    /** Start of tile {@code k} of {@code n} along an axis of {@code length} pixels. */
    int start(int length, int n, int k) {
        // why: the non-shared parts (length - overlap in all) are split as evenly as integers allow
        return (int) ((long) k * Math.max(0, length - overlap) / n);
    }

    /** End (exclusive) of tile {@code k} of {@code n}: the next tile's start plus the overlap. */
    int end(int length, int n, int k) {
        return k == n - 1 ? length : start(length, n, k + 1) + overlap;
    }
}
