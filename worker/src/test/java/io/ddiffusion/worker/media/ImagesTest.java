package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImagesTest {
    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as("a %s writer", format).isTrue();
        return out.toByteArray();
    }

    private static BufferedImage halves(int type) {
        BufferedImage img = new BufferedImage(8, 4, type);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, x < 4 ? 0xFFC83214 : 0xFF1464C8);
            }
        }
        return img;
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"png, 5", "png, 6", "png, 1", "tiff, 5", "bmp, 5"})
    void decodesToEightBitRgbWithThePixelsItHolds(String format, int type) throws Exception {
        BufferedImage decoded = Images.decodeRgb(encode(halves(type), format));

        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(decoded.getWidth()).isEqualTo(8);
        assertThat(decoded.getHeight()).isEqualTo(4);
        assertThat(decoded.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xC83214);
        assertThat(decoded.getRGB(6, 2) & 0xFFFFFF).isEqualTo(0x1464C8);
    }

    @Test
    void decodesJpegCloseToTheColoursItWasWrittenWith() throws Exception {
        BufferedImage decoded = Images.decodeRgb(encode(halves(BufferedImage.TYPE_INT_RGB), "jpg"));

        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        int left = decoded.getRGB(0, 0);
        assertThat((left >> 16) & 0xFF).isBetween(180, 220);
        assertThat(left & 0xFF).isLessThan(60);
    }

    @Test
    void greyscaleMasksComeBackAsGrey() throws Exception {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(2, 2, 0, 200);

        BufferedImage decoded = Images.decodeGrey(encode(grey, "png"));
        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(decoded.getRaster().getSample(2, 2, 0)).isEqualTo(200);
        assertThat(decoded.getRaster().getSample(0, 0, 0)).isZero();
    }

    @Test
    void aLargerImageThanTheLimitIsReadDownscaledKeepingItsAspectAndColours() throws Exception {
        BufferedImage big = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                big.setRGB(x, y, x < 200 ? 0xC83214 : 0x1464C8);
            }
        }
        byte[] png = encode(big, "png");

        BufferedImage read = Images.decodeRgb(png, 10_000);
        assertThat((long) read.getWidth() * read.getHeight()).isLessThanOrEqualTo(10_000);
        assertThat(read.getWidth()).isEqualTo(100);
        assertThat(read.getHeight()).isEqualTo(75);
        assertThat(read.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0xC83214);
        assertThat(read.getRGB(90, 60) & 0xFFFFFF).isEqualTo(0x1464C8);
        assertThat(Images.decodeRgb(png, 400 * 300).getWidth()).as("within the limit: as it is").isEqualTo(400);
    }

    @Test
    void bytesThatAreNoImageAreRefusedWithAMessage() {
        assertThatThrownBy(() -> Images.decodeRgb("not an image".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("not a readable image");
    }
}
