package io.ddiffusion.worker.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageContextTest {

    @Test
    void ensuringDivisibilityFloorsTheSizeAndCentreCropsImageAndMask() {
        BufferedImage image = new BufferedImage(100, 70, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(100, 70, BufferedImage.TYPE_BYTE_GRAY);
        image.setRGB(2, 3, 0x123456); // becomes (0, 0) of the 96 × 64 centre
        mask.getRaster().setSample(97, 66, 0, 200); // becomes the last pixel
        ImageContext ctx = new ImageContext(null, Optional.of(image), Optional.of(mask), List.of(), 100, 70, null);

        ImageContext even = ctx.ensureDivisible(16);

        assertThat(even.width()).isEqualTo(96);
        assertThat(even.height()).isEqualTo(64);
        assertThat(even.image().orElseThrow().getWidth()).isEqualTo(96);
        assertThat(even.image().orElseThrow().getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x123456);
        assertThat(even.mask().orElseThrow().getHeight()).isEqualTo(64);
        assertThat(even.mask().orElseThrow().getRaster().getSample(95, 63, 0)).isEqualTo(200);
    }

    @Test
    void withoutAnImageOnlyTheSizeChanges() {
        ImageContext ctx = new ImageContext(null, Optional.empty(), Optional.empty(), List.of(), 1000, 777, null);
        ImageContext even = ctx.ensureDivisible(16);
        assertThat(even.width()).isEqualTo(992);
        assertThat(even.height()).isEqualTo(768);
        assertThat(even.image()).isEmpty();
    }
}
