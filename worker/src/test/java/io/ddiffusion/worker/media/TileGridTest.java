package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TileGridTest {

    @ParameterizedTest
    @CsvSource({
        // length, tile, overlap, tiles
        "100, 128, 16, 1",
        "128, 128, 16, 1",
        "129, 128, 16, 2",
        "240, 128, 16, 2",
        "241, 128, 16, 3",
        "1000, 512, 32, 3",
        "3840, 512, 32, 8",
        "2160, 512, 32, 5",
        "10, 4, 0, 3",
        "5, 4, 3, 2",
        "7, 4, 3, 4",
        "3, 8, 5, 1"})
    void theTileCountIsTheFewestThatCoverTheLength(int length, int tile, int overlap, int tiles) {
        assertThat(TileGrid.count(length, tile, overlap)).isEqualTo(tiles).isEqualTo(fewest(length, tile, overlap));
    }

    @Test
    void aGridHasColumnsTimesRowsTiles() {
        TileGrid grid = new TileGrid(3840, 2160, 512, 32);
        assertThat(grid.columns()).isEqualTo(8);
        assertThat(grid.rows()).isEqualTo(5);
        assertThat(grid.size()).isEqualTo(40);
        assertThat(grid.tiles()).hasSize(40).extracting(TileGrid.Tile::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 40).boxed().toList());
    }

    @ParameterizedTest
    @CsvSource({"1000, 512, 32", "3840, 512, 32", "241, 128, 16", "10, 4, 0", "7, 4, 3", "97, 10, 9", "513, 64, 8"})
    void tilesSpanTheAxisWithExactOverlapsAndEvenSizes(int length, int tileSize, int overlap) {
        TileGrid grid = new TileGrid(length, 1, tileSize, overlap);
        List<TileGrid.Tile> tiles = grid.tiles();
        assertThat(tiles.getFirst().x()).isZero();
        assertThat(tiles.getLast().x() + tiles.getLast().width()).isEqualTo(length);
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int i = 0; i < tiles.size(); i++) {
            TileGrid.Tile t = tiles.get(i);
            assertThat(t.width()).isBetween(1, tileSize);
            assertThat(t.height()).isEqualTo(1);
            smallest = Math.min(smallest, t.width());
            largest = Math.max(largest, t.width());
            if (i > 0) {
                TileGrid.Tile previous = tiles.get(i - 1);
                assertThat(previous.x() + previous.width() - t.x()).as("overlap of tiles %d and %d", i - 1, i)
                        .isEqualTo(overlap);
            }
        }
        assertThat(largest - smallest).isLessThanOrEqualTo(1);
    }

    @Test
    void anImageSmallerThanATileIsOneWholeTile() {
        TileGrid grid = new TileGrid(30, 20, 64, 16);
        assertThat(grid.tiles()).containsExactly(new TileGrid.Tile(0, 0, 0, 0, 0, 30, 20));
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new TileGrid(10, 10, 64, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap must be in 0..63").hasMessageContaining("64");
        assertThatThrownBy(() -> new TileGrid(10, 10, 0, 0)).hasMessageContaining("tile size");
        assertThatThrownBy(() -> new TileGrid(0, 10, 64, 0)).hasMessageContaining("0×10");
        assertThatThrownBy(() -> new TileGrid(10, 10, 8, 2).tile(2, 0)).hasMessageContaining("outside 2×2");
    }

    /** The smallest n with n tiles of full size, overlapping by {@code overlap}, reaching {@code length}. */
    private static int fewest(int length, int tile, int overlap) {
        int n = 1;
        while ((long) n * tile - (long) (n - 1) * overlap < length) {
            n++;
        }
        return n;
    }
}
