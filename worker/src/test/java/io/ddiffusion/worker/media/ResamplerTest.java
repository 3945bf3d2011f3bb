package io.ddiffusion.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResamplerTest {

    @Test
    void cubicKernelsFollowKeysFormulaWithTheirOwnParameter() {
        for (double t : new double[] {0.0, 0.25, 0.5, 0.9, 1.0, 1.3, 1.5, 1.99, 2.0, 2.5}) {
            assertThat(ResampleFilter.BICUBIC_PIL.weight(t)).isCloseTo(keys(t, -0.5), within(1e-12));
            assertThat(ResampleFilter.BICUBIC_TORCH.weight(-t)).isCloseTo(keys(t, -0.75), within(1e-12));
        }
        assertThat(ResampleFilter.BICUBIC_PIL.weight(0.5)).isNotCloseTo(ResampleFilter.BICUBIC_TORCH.weight(0.5),
                within(1e-3));
    }

    @Test
    void lanczosIsAWindowedSinc() {
        for (double t : new double[] {0.1, 0.5, 1.5, 2.7}) {
            double expected = Math.sin(Math.PI * t) / (Math.PI * t) * Math.sin(Math.PI * t / 3) / (Math.PI * t / 3);
            assertThat(ResampleFilter.LANCZOS3.weight(t)).isCloseTo(expected, within(1e-12));
        }
        assertThat(ResampleFilter.LANCZOS3.weight(3.0)).isZero();
        assertThat(ResampleFilter.LANCZOS3.weight(0.0)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @EnumSource(ResampleFilter.class)
    void everyKernelInterpolatesAtWholePixels(ResampleFilter filter) {
        assertThat(filter.weight(0)).isEqualTo(1.0);
        for (int k = 1; k <= 3; k++) {
            assertThat(filter.weight(k)).isCloseTo(0.0, within(1e-12));
        }
    }

    @ParameterizedTest
    @EnumSource(ResampleFilter.class)
    void aConstantImageStaysConstantAtAnySize(ResampleFilter filter) {
        FloatImage grey = filled(2, 37, 23, 0.625f);
        for (int[] size : new int[][] {{100, 7}, {5, 61}, {1, 1}, {37, 23}, {74, 46}, {13, 9}}) {
            FloatImage out = Resampler.resize(grey, size[0], size[1], filter);
            assertThat(out.width()).isEqualTo(size[0]);
            assertThat(out.height()).isEqualTo(size[1]);
            assertThat(min(out.data())).isCloseTo(0.625f, within(1e-5f));
            assertThat(max(out.data())).isCloseTo(0.625f, within(1e-5f));
        }
    }

    @Test
    void keepingTheSizeKeepsTheValues() {
        FloatImage noise = noise(3, 19, 11, 1);
        assertThat(Resampler.resize(noise, 19, 11, ResampleFilter.LANCZOS3).data()).containsExactly(noise.data());
    }

    @Test
    void halvingWithBilinearAveragesUnderTheWidenedTriangle() {
        // 4 → 2: scale 2, the triangle widens to support 2; output 0 is centred on source 1.0, so sources 0, 1, 2
        // sit at distances 0.5, 0.5, 1.5 (halved: 0.25, 0.25, 0.75) and weigh 0.75, 0.75, 0.25 before normalising.
        float[] row = {10, 20, 40, 80};
        FloatImage out = Resampler.resize(FloatImage.plane(4, 1, row), 2, 1, ResampleFilter.BILINEAR);
        assertThat(out.data()[0]).isCloseTo((0.75f * 10 + 0.75f * 20 + 0.25f * 40) / 1.75f, within(1e-4f));
        assertThat(out.data()[1]).isCloseTo((0.25f * 20 + 0.75f * 40 + 0.75f * 80) / 1.75f, within(1e-4f));
    }

    @Test
    void upscalingWithBilinearInterpolatesBetweenPixelCentres() {
        // 2 → 4: output 1 is centred on source 0.75, a quarter of the way from pixel 0 (centre 0.5) to pixel 1
        FloatImage out = Resampler.resize(FloatImage.plane(2, 1, new float[] {0, 100}), 4, 1,
                ResampleFilter.BILINEAR);
        assertThat(out.data()).containsExactly(new float[] {0, 25, 75, 100}, within(1e-4f));
    }

    @ParameterizedTest
    @EnumSource(value = ResampleFilter.class, names = {"BILINEAR", "BICUBIC_PIL"})
    void aLinearRampStaysLinearAwayFromTheBorders(ResampleFilter filter) {
        int w = 40;
        float[] ramp = new float[w];
        for (int x = 0; x < w; x++) {
            ramp[x] = 3 * x + 1;
        }
        FloatImage out = Resampler.resize(FloatImage.plane(w, 1, ramp), 100, 1, filter);
        for (int x = 10; x < 90; x++) {
            double source = (x + 0.5) * w / 100.0 - 0.5;
            assertThat(out.data()[x]).isCloseTo((float) (3 * source + 1), within(1e-3f));
        }
    }

    @ParameterizedTest
    @EnumSource(ResampleFilter.class)
    void shrinkingAFinePatternAveragesItInsteadOfAliasing(ResampleFilter filter) {
        float[] checker = new float[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                checker[y * 64 + x] = (x + y) % 2 == 0 ? 0f : 255f;
            }
        }
        FloatImage out = Resampler.resize(FloatImage.plane(64, 64, checker), 13, 11, filter);
        assertThat(min(out.data())).isCloseTo(127.5f, within(12f));
        assertThat(max(out.data())).isCloseTo(127.5f, within(12f));
    }

    @Test
    void resizingKeepsChannelsApart() {
        FloatImage img = FloatImage.zeros(3, 8, 6);
        java.util.Arrays.fill(img.data(), 48, 96, 1f);
        FloatImage out = Resampler.resize(img, 21, 5, ResampleFilter.LANCZOS3);
        assertThat(out.channel(0).data()).containsOnly(0f);
        assertThat(min(out.channel(1).data())).isCloseTo(1f, within(1e-5f));
        assertThat(max(out.channel(1).data())).isCloseTo(1f, within(1e-5f));
        assertThat(out.channel(2).data()).containsOnly(0f);
    }

    @Test
    void anRgbImageComesBackRgbAndAGreyImageGrey() {
        BufferedImage argb = new BufferedImage(30, 20, BufferedImage.TYPE_INT_ARGB);
        fill(argb, 0xFF336699);
        BufferedImage rgb = Resampler.resize(argb, 7, 9, ResampleFilter.LANCZOS3);
        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb.getRGB(3, 4) & 0xFFFFFF).isEqualTo(0x336699);

        BufferedImage grey = new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Arrays.fill(Pixels.greyArray(grey), (byte) 200);
        BufferedImage small = Images.resize(grey, 11, 3);
        assertThat(small.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(small.getRaster().getSamples(0, 0, 11, 3, 0, (int[]) null)).containsOnly(200);
    }

    @Test
    void aSubImageIsReadFromItsOwnRegion() {
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        fill(img, 0x000000);
        for (int y = 10; y < 20; y++) {
            for (int x = 20; x < 30; x++) {
                img.setRGB(x, y, 0xFF8040);
            }
        }
        BufferedImage out = Resampler.resize(img.getSubimage(20, 10, 10, 10), 5, 5, ResampleFilter.BICUBIC_PIL);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertThat(out.getRGB(x, y) & 0xFFFFFF).isEqualTo(0xFF8040);
            }
        }
    }

    @Test
    void overshootIsClampedInEightBitImages() {
        BufferedImage edge = new BufferedImage(8, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 4; x < 8; x++) {
            edge.getRaster().setSample(x, 0, 0, 255);
        }
        BufferedImage out = Resampler.resize(edge, 32, 1, ResampleFilter.LANCZOS3);
        int[] samples = out.getRaster().getSamples(0, 0, 32, 1, 0, (int[]) null);
        assertThat(samples).contains(0, 255);
        FloatImage raw = Resampler.resize(ImageTensors.toPlane(edge, ImageTensors.Range.UNIT), 32, 1,
                ResampleFilter.LANCZOS3);
        assertThat(max(raw.data())).isGreaterThan(1f); // why: float planes keep the ringing; only 8 bits clamp
    }

    @Test
    void anEmptyTargetIsRefused() {
        assertThatThrownBy(() -> Resampler.resize(FloatImage.zeros(1, 4, 4), 0, 3, ResampleFilter.BILINEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0×3");
    }

    private static double keys(double t, double a) {
        t = Math.abs(t);
        if (t <= 1) {
            return (a + 2) * t * t * t - (a + 3) * t * t + 1;
        }
        if (t < 2) {
            return a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a;
        }
        return 0;
    }

    static float min(float[] values) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    static FloatImage filled(int channels, int width, int height, float value) {
        FloatImage img = FloatImage.zeros(channels, width, height);
        java.util.Arrays.fill(img.data(), value);
        return img;
    }

    static FloatImage noise(int channels, int width, int height, long seed) {
        Random random = new Random(seed);
        FloatImage img = FloatImage.zeros(channels, width, height);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = random.nextFloat();
        }
        return img;
    }

    private static void fill(BufferedImage img, int argb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, argb);
            }
        }
    }
}
