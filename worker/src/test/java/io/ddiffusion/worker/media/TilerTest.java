package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.media.ImageTensors.Range;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TilerTest {
    private static final Tiler.TileProgress QUIET = (done, total) -> { };

    @ParameterizedTest
    @CsvSource({
        // tile, overlap, scale
        "16, 4, 4",
        "16, 0, 4",
        "7, 3, 2",
        "64, 8, 4",
        "5, 4, 3",
        "10, 9, 1",
        "23, 11, 4"})
    void aNearestModelReproducesTheNearestUpscaleWhateverTheTiling(int tile, int overlap, int scale)
            throws Exception {
        FloatImage image = ResamplerTest.noise(3, 37, 29, 11);
        FloatImage out = Tiler.of(tile, overlap, scale).upscale(image, t -> nearest(t, scale), QUIET);
        FloatImage expected = nearest(image, scale);
        assertThat(out.width()).isEqualTo(37 * scale);
        assertThat(out.height()).isEqualTo(29 * scale);
        assertThat(out.data()).containsExactly(expected.data(), within(1e-5f));
    }

    @ParameterizedTest
    @CsvSource({"16, 4", "9, 2", "40, 0", "128, 16"})
    void anRgbImageUpscaledByTilesEqualsItsNearestUpscaleExactly(int tile, int overlap) throws Exception {
        BufferedImage img = ImageTensorsTest.noise(45, 38, 3);
        BufferedImage out = Tiler.of(tile, overlap, 4).upscale(img, Range.UNIT, t -> nearest(t, 4), QUIET);
        BufferedImage expected = ImageTensors.toRgb(nearest(ImageTensors.toChw(img, Range.UNIT), 4), Range.UNIT);
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(ImageTensorsTest.rgb(out)).containsExactly(ImageTensorsTest.rgb(expected));
    }

    @Test
    void aGreyImageStaysGrey() throws Exception {
        BufferedImage grey = new BufferedImage(20, 13, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(19, 12, 0, 77);
        BufferedImage out = Tiler.of(8, 2, 2).upscale(grey, Range.SIGNED, t -> nearest(t, 2), QUIET);
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(out.getRaster().getSample(39, 25, 0)).isEqualTo(77);
        assertThat(out.getRaster().getSample(37, 23, 0)).isZero();
    }

    @Test
    void aConstantImageStaysConstantAcrossSeamsThroughASmoothingModel() throws Exception {
        FloatImage flat = ResamplerTest.filled(3, 50, 31, 0.3f);
        FloatImage out = Tiler.of(12, 5, 4).upscale(flat,
                t -> Resampler.resize(t, t.width() * 4, t.height() * 4, ResampleFilter.LANCZOS3), QUIET);
        assertThat(ResamplerTest.min(out.data())).isCloseTo(0.3f, within(1e-5f));
        assertThat(ResamplerTest.max(out.data())).isCloseTo(0.3f, within(1e-5f));
    }

    @Test
    void overlapsCrossFadeLinearlyBetweenNeighbours() throws Exception {
        // two tiles across 20 pixels with tile 12 and overlap 4: [0, 12) and [8, 20), one row; the model paints
        // the first tile 0 and the second 1, so the blend shows the weights: 8 output pixels of ramp at scale 2
        FloatImage result = Tiler.of(12, 4, 2).upscale(FloatImage.zeros(1, 20, 3), new PaintByCall(2), QUIET);
        for (int x = 0; x < 16; x++) {
            assertThat(result.get(0, x, 2)).as("left of the overlap, x=%d", x).isZero();
        }
        for (int x = 24; x < 40; x++) {
            assertThat(result.get(0, x, 2)).as("right of the overlap, x=%d", x).isEqualTo(1f);
        }
        for (int x = 16; x < 24; x++) {
            assertThat(result.get(0, x, 5)).as("in the overlap, x=%d", x).isCloseTo((x - 16 + 0.5f) / 8f,
                    within(1e-6f));
        }
    }

    @Test
    void progressIsReportedBeforeEveryTileAndOnceAtTheEnd() throws Exception {
        List<String> calls = new ArrayList<>();
        Tiler.of(10, 2, 1).upscale(FloatImage.zeros(1, 25, 12), t -> {
            calls.add("tile " + t.width() + "×" + t.height());
            return t;
        }, (done, total) -> calls.add(done + "/" + total));
        assertThat(calls).containsExactly("0/6", "tile 9×7", "1/6", "tile 10×7", "2/6", "tile 10×7",
                "3/6", "tile 9×7", "4/6", "tile 10×7", "5/6", "tile 10×7", "6/6");
    }

    @Test
    void aThrowingProgressCallbackStopsBeforeTheNextTile() {
        AtomicInteger modelCalls = new AtomicInteger();
        assertThatThrownBy(() -> Tiler.of(8, 2, 2).upscale(FloatImage.zeros(3, 30, 30), t -> {
            modelCalls.incrementAndGet();
            return nearest(t, 2);
        }, (done, total) -> {
            if (done == 3) {
                throw new InterruptedException("cancelled");
            }
        })).isInstanceOf(InterruptedException.class).hasMessage("cancelled");
        assertThat(modelCalls).hasValue(3);
    }

    @Test
    void aModelReturningTheWrongSizeIsNamedInTheFailure() {
        assertThatThrownBy(() -> Tiler.of(8, 2, 4).upscale(FloatImage.zeros(3, 10, 6), t -> nearest(t, 2), QUIET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned FloatImage[3×12×12]")
                .hasMessageContaining("expected FloatImage[3×24×24]");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> Tiler.of(8, 2, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> Tiler.of(8, 8, 2)).hasMessageContaining("overlap");
    }

    static FloatImage nearest(FloatImage in, int scale) {
        FloatImage out = FloatImage.zeros(in.channels(), in.width() * scale, in.height() * scale);
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    out.set(c, x, y, in.get(c, x / scale, y / scale));
                }
            }
        }
        return out;
    }

    private static FloatImage constantLike(FloatImage tile, int scale, float value) {
        return ResamplerTest.filled(tile.channels(), tile.width() * scale, tile.height() * scale, value);
    }

    /** Paints the first tile 0 and every later one 1. */
    private static final class PaintByCall implements Tiler.TileModel {
        private final int scale;
        private int calls;

        PaintByCall(int scale) {
            this.scale = scale;
        }

        @Override
        public FloatImage run(FloatImage tile) {
            return constantLike(tile, scale, calls++ == 0 ? 0f : 1f);
        }
    }
}
