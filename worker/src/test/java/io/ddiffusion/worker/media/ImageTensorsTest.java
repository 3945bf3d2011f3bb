package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.media.ImageTensors.Normalisation;
import io.ddiffusion.worker.media.ImageTensors.Range;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTensorsTest {

    @Test
    void pixelsLandInChannelMajorPlanesScaledToTheUnitRange() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0xFF0080);
        FloatImage chw = ImageTensors.toChw(img, Range.UNIT);
        assertThat(chw.nchwShape()).containsExactly(1, 3, 2, 3);
        int at = 1 * 3 + 2;
        assertThat(chw.data()[at]).isEqualTo(1f);
        assertThat(chw.data()[6 + at]).isEqualTo(0f);
        assertThat(chw.data()[12 + at]).isCloseTo(128 / 255f, within(1e-7f));
        assertThat(chw.get(2, 2, 1)).isCloseTo(128 / 255f, within(1e-7f));
        assertThat(chw.get(0, 0, 0)).isZero();
    }

    @Test
    void theSignedRangeMapsBlackToMinusOneAndWhiteToOne() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 0, 0xFFFFFF);
        FloatImage chw = ImageTensors.toChw(img, Range.SIGNED);
        for (int c = 0; c < 3; c++) {
            assertThat(chw.get(c, 0, 0)).isEqualTo(-1f);
            assertThat(chw.get(c, 1, 0)).isEqualTo(1f);
        }
    }

    @Test
    void imageNetNormalisationSubtractsTheMeanAndDividesByTheStandardDeviation() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 200 << 16 | 100 << 8 | 50);
        FloatImage chw = ImageTensors.toChw(img, Normalisation.IMAGENET);
        assertThat(chw.get(0, 0, 0)).isCloseTo((200 / 255f - 0.485f) / 0.229f, within(1e-5f));
        assertThat(chw.get(1, 0, 0)).isCloseTo((100 / 255f - 0.456f) / 0.224f, within(1e-5f));
        assertThat(chw.get(2, 0, 0)).isCloseTo((50 / 255f - 0.406f) / 0.225f, within(1e-5f));
    }

    @ParameterizedTest
    @EnumSource(Range.class)
    void anImageSurvivesTheRoundTripExactly(Range range) {
        BufferedImage img = noise(41, 17, 7);
        BufferedImage back = ImageTensors.toRgb(ImageTensors.toChw(img, range), range);
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb(back)).containsExactly(rgb(img));
    }

    @Test
    void valuesOutsideTheRangeAreClampedAndNaNIsBlack() {
        FloatImage chw = FloatImage.zeros(3, 3, 1);
        chw.set(0, 0, 0, -0.5f);
        chw.set(1, 0, 0, 2f);
        chw.set(2, 1, 0, Float.NaN);
        chw.set(0, 2, 0, 0.5f);
        BufferedImage img = ImageTensors.toRgb(chw, Range.UNIT);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(img.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(img.getRGB(2, 0) & 0xFFFFFF).isEqualTo(128 << 16); // 127.5 rounds up
        FloatImage signed = ImageTensors.toChw(img, Range.SIGNED);
        signed.set(1, 0, 0, 3f);
        assertThat(ImageTensors.toRgb(signed, Range.SIGNED).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_USHORT_565_RGB})
    void anyImageTypeReadsAsItsRgbColours(int type) {
        BufferedImage rgb = noise(9, 5, 3);
        BufferedImage other = new BufferedImage(9, 5, type);
        Graphics2D g = other.createGraphics();
        g.drawImage(rgb, 0, 0, null);
        g.dispose();
        BufferedImage expected = Images.toType(other, BufferedImage.TYPE_INT_RGB);
        FloatImage chw = ImageTensors.toChw(other, Range.UNIT);
        assertThat(rgb(ImageTensors.toRgb(chw, Range.UNIT))).containsExactly(rgb(expected));
    }

    @Test
    void aSubImageReadsOnlyItsRegion() {
        BufferedImage img = noise(20, 20, 5);
        BufferedImage sub = img.getSubimage(5, 7, 6, 4);
        FloatImage chw = ImageTensors.toChw(sub, Range.UNIT);
        assertThat(chw.width()).isEqualTo(6);
        assertThat(chw.get(0, 0, 0)).isEqualTo(((img.getRGB(5, 7) >> 16) & 0xFF) / 255f);
        assertThat(chw.get(2, 5, 3)).isEqualTo((img.getRGB(10, 10) & 0xFF) / 255f);
    }

    @Test
    void aGreyMaskBecomesOnePlaneAndBack() {
        BufferedImage mask = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        mask.getRaster().setSample(3, 1, 0, 255);
        mask.getRaster().setSample(1, 0, 0, 51);
        BufferedImage sub = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        sub.getGraphics().drawImage(mask, 1, 1, null);
        FloatImage plane = ImageTensors.toPlane(sub.getSubimage(1, 1, 4, 2), Range.UNIT);
        assertThat(plane.nchwShape()).containsExactly(1, 1, 2, 4);
        assertThat(plane.get(0, 3, 1)).isEqualTo(1f);
        assertThat(plane.get(0, 1, 0)).isCloseTo(0.2f, within(1e-6f));
        BufferedImage back = ImageTensors.toGrey(plane, Range.UNIT);
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(back.getRaster().getSamples(0, 0, 4, 2, 0, (int[]) null))
                .containsExactly(mask.getRaster().getSamples(0, 0, 4, 2, 0, (int[]) null));
    }

    @Test
    void wrongChannelCountsAndStatisticsAreRefused() {
        assertThatThrownBy(() -> ImageTensors.toRgb(FloatImage.zeros(1, 2, 2), Range.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels");
        assertThatThrownBy(() -> ImageTensors.toGrey(FloatImage.zeros(3, 2, 2), Range.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 channel");
        assertThatThrownBy(() -> Normalisation.of(new double[] {0.5, 0.5}, new double[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 means");
        assertThatThrownBy(() -> Normalisation.of(new double[] {0.5, 0.5, 0.5}, new double[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void customStatisticsAreCopied() {
        double[] mean = {0.5, 0.5, 0.5};
        Normalisation n = Normalisation.of(mean, new double[] {0.5, 0.5, 0.5});
        mean[0] = 0;
        assertThat(n.mean(0)).isEqualTo(0.5);
        BufferedImage white = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        white.setRGB(0, 0, 0xFFFFFF);
        assertThat(ImageTensors.toChw(white, n).get(0, 0, 0)).isCloseTo(1f, within(1e-6f));
    }

    static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return img;
    }

    static int[] rgb(BufferedImage img) {
        int[] out = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return out;
    }
}
