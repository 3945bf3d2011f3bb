package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DepthPngTest {
    private static final float[] DEPTH = {2.5f, 10f, 4f, 7.25f, -1.5f, 3f};

    @Test
    void aSixteenBitPngSpreadsTheDepthRangeOverAllLevels() throws IOException {
        byte[] png = DepthPng.png16(FloatImage.plane(3, 2, DEPTH.clone()));
        assertThat(bitDepth(png)).isEqualTo(16);
        assertThat(colourType(png)).as("greyscale").isZero();
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(read.getWidth()).isEqualTo(3);
        assertThat(read.getHeight()).isEqualTo(2);
        int[] levels = read.getRaster().getSamples(0, 0, 3, 2, 0, (int[]) null);
        for (int i = 0; i < DEPTH.length; i++) {
            int expected = (int) Math.floor((DEPTH[i] - (-1.5)) / (10 - (-1.5)) * 65535);
            assertThat(levels[i]).as("level of %s", DEPTH[i]).isEqualTo(expected);
        }
        assertThat(levels[1]).isEqualTo(65535);
        assertThat(levels[4]).isZero();
    }

    @Test
    void anEightBitPngTruncatesLikeTheOriginal() throws IOException {
        byte[] png = DepthPng.png8(FloatImage.plane(3, 2, DEPTH.clone()));
        assertThat(bitDepth(png)).isEqualTo(8);
        assertThat(colourType(png)).isZero();
        int[] levels = ImageIO.read(new ByteArrayInputStream(png)).getRaster().getSamples(0, 0, 3, 2, 0,
                (int[]) null);
        for (int i = 0; i < DEPTH.length; i++) {
            assertThat(levels[i]).isEqualTo((int) ((DEPTH[i] + 1.5) / 11.5 * 255));
        }
        assertThat(levels).contains(0, 255);
    }

    @Test
    void aFlatPlaneIsBlackRatherThanADivisionByZero() throws IOException {
        float[] flat = {4f, 4f, 4f, 4f};
        for (byte[] png : new byte[][] {DepthPng.png16(FloatImage.plane(2, 2, flat)),
            DepthPng.png8(FloatImage.plane(2, 2, flat))}) {
            assertThat(ImageIO.read(new ByteArrayInputStream(png)).getRaster().getSamples(0, 0, 2, 2, 0,
                    (int[]) null)).containsOnly(0);
        }
    }

    @Test
    void nonFiniteValuesAreLeftOutOfTheRangeAndComeOutBlack() {
        float[] d = {1f, Float.NaN, 3f, Float.POSITIVE_INFINITY};
        BufferedImage img = DepthPng.grey8(FloatImage.plane(4, 1, d));
        assertThat(img.getRaster().getSamples(0, 0, 4, 1, 0, (int[]) null)).containsExactly(0, 0, 255, 0);
    }

    @Test
    void onlyPlanesAreAccepted() {
        assertThatThrownBy(() -> DepthPng.png16(FloatImage.zeros(3, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 channel");
    }

    /** IHDR follows the 8-byte signature, its length and type: width, height, then bit depth and colour type. */
    private static int bitDepth(byte[] png) {
        assertThat(new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        return png[24] & 0xFF;
    }

    private static int colourType(byte[] png) {
        assertThat(ByteBuffer.wrap(png, 16, 8).getInt()).isPositive();
        return png[25] & 0xFF;
    }
}
