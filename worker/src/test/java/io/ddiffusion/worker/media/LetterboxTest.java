package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.media.ImageTensors.Normalisation;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void theLongestSideBecomesTheSquaresSideAndTheOtherKeepsTheAspect() {
        assertThat(Letterbox.longestSide(1000, 500, 1024)).isEqualTo(new Letterbox(1000, 500, 1024, 512, 1024));
        assertThat(Letterbox.longestSide(500, 1000, 1024)).isEqualTo(new Letterbox(500, 1000, 512, 1024, 1024));
        // 333 × 1024/1000 = 340.99 rounds half up to 341
        assertThat(Letterbox.longestSide(1000, 333, 1024).contentHeight()).isEqualTo(341);
        assertThat(Letterbox.longestSide(10000, 1, 1024).contentHeight()).isEqualTo(1);
    }

    @Test
    void coordinatesMapBackToTheSource() {
        Letterbox box = Letterbox.longestSide(1500, 1000, 1024);
        assertThat(box.contentHeight()).isEqualTo(683);
        assertThat(box.toSourceX(512)).isCloseTo(750, within(1e-9));
        assertThat(box.toSourceY(683)).isCloseTo(1000, within(1e-9));
        assertThat(box.toSourceX(300 * box.scaleX())).isCloseTo(300, within(1e-9));
    }

    @Test
    void theImageSitsTopLeftOnBlack() {
        BufferedImage white = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        java.util.Arrays.fill(Pixels.rgbArray(white), 0xFFFFFF);
        Letterbox box = Letterbox.longestSide(40, 20, 16);
        BufferedImage square = box.apply(white, ResampleFilter.BICUBIC_PIL);
        assertThat(square.getWidth()).isEqualTo(16);
        assertThat(square.getHeight()).isEqualTo(16);
        assertThat(square.getRGB(15, 7) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(square.getRGB(0, 8) & 0xFFFFFF).isZero();
        assertThatThrownBy(() -> box.apply(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB),
                ResampleFilter.BILINEAR)).hasMessageContaining("40×20");
    }

    @Test
    void aNormalisedTensorIsPaddedWithZerosThatIsTheMeanColour() {
        BufferedImage img = new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB);
        Letterbox box = Letterbox.longestSide(30, 10, 12);
        FloatImage content = ImageTensors.toChw(Resampler.resize(img, box.contentWidth(), box.contentHeight(),
                ResampleFilter.BICUBIC_PIL), Normalisation.IMAGENET);
        FloatImage padded = box.pad(content);
        assertThat(padded.nchwShape()).containsExactly(1, 3, 12, 12);
        assertThat(padded.get(0, 11, 3)).isCloseTo(-0.485f / 0.229f, within(1e-5f));
        assertThat(padded.get(0, 11, 4)).isZero();
        assertThatThrownBy(() -> box.pad(FloatImage.zeros(3, 12, 12))).hasMessageContaining("12×4");
    }

    @Test
    void aMaskOverTheSquareMapsBackOntoTheSource() {
        // a 200 × 100 source in a 64 square: content 64 × 32; the model marks the content's left half
        Letterbox box = Letterbox.longestSide(200, 100, 64);
        FloatImage lowRes = FloatImage.zeros(1, 16, 16);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                lowRes.set(0, x, y, 1f);
            }
        }
        FloatImage mask = box.toSource(lowRes, ResampleFilter.BILINEAR);
        assertThat(mask.width()).isEqualTo(200);
        assertThat(mask.height()).isEqualTo(100);
        assertThat(mask.get(0, 20, 50)).isEqualTo(1f);
        assertThat(mask.get(0, 180, 50)).isZero();
        assertThat(mask.get(0, 90, 50)).isGreaterThan(0.5f);
        assertThat(mask.get(0, 110, 50)).isLessThan(0.5f);
    }
}
