package io.ddiffusion.worker.images.local.depth;

import static io.ddiffusion.worker.images.local.LocalPipelineRig.cancelledAtStep;
import static io.ddiffusion.worker.images.local.LocalPipelineRig.context;
import static io.ddiffusion.worker.images.local.LocalPipelineRig.output;
import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.integer;
import static io.ddiffusion.worker.testing.TinyOnnx.ints;
import static io.ddiffusion.worker.testing.TinyOnnx.out;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.local.LocalPipelineRig;
import io.ddiffusion.worker.media.FloatImage;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.testing.FakeTaskContext;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthAnything2Test {
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    @TempDir
    Path dir;
    LocalPipelineRig rig;

    @BeforeEach
    void setUp() {
        rig = new LocalPipelineRig(dir, ImageModel.DEPTH_ANYTHING_2);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** The export's I/O, with the mean over the three normalised channels as its "depth". */
    static TinyOnnx meanOverChannels(int elemType) {
        return TinyDepthAnything.meanOverChannels(elemType);
    }

    private DepthAnything2 handler(DepthPngBits bits) {
        return new DepthAnything2(rig.runtime(), bits);
    }

    /**
     * The expected map for an image the processor leaves at its size (518 wide, height a multiple of 14): each pixel's
     * mean of {@code (v / 255 - mean) / std}, min–max normalised to {@code 0..top} and truncated.
     */
    private static int[] expectedLevels(BufferedImage img, int top) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[] depth = new double[w * h];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int[] v = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += (v[c] / 255.0 - MEAN[c]) / STD[c];
                }
                depth[y * w + x] = sum / 3;
                min = Math.min(min, depth[y * w + x]);
                max = Math.max(max, depth[y * w + x]);
            }
        }
        int[] levels = new int[w * h];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (int) ((depth[i] - min) / (max - min) * top);
        }
        return levels;
    }

    private static int[] levels(BufferedImage img) {
        Raster r = img.getRaster();
        return r.getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (int[]) null);
    }

    private static void assertCloseLevels(int[] actual, int[] expected, int tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > tolerance) {
                throw new AssertionError("level " + i + " is " + actual[i] + ", expected " + expected[i] + " ± "
                        + tolerance);
            }
        }
    }

    @Test
    void theDepthMapIsASixteenBitPngNormalisedFromBlackAtTheFarthestToWhiteAtTheNearest() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT));
        byte[] png = TestMedia.noisePng(518, 42);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(DepthPngBits.SIXTEEN).run(context(task));

        BufferedImage depth = output(task);
        assertThat(depth.getWidth()).isEqualTo(518);
        assertThat(depth.getHeight()).isEqualTo(42);
        assertThat(depth.getColorModel().getNumComponents()).isEqualTo(1);
        assertThat(depth.getColorModel().getPixelSize()).isEqualTo(16);
        int[] expected = expectedLevels(Images.decodeRgb(png), 65535);
        int[] actual = levels(depth);
        assertCloseLevels(actual, expected, 1);
        // the extremes are exact: the nearest pixel is white, the farthest black
        int nearest = indexOf(expected, 65535);
        int farthest = indexOf(expected, 0);
        assertThat(actual[nearest]).isEqualTo(65535);
        assertThat(actual[farthest]).isZero();
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new AssertionError(v + " not found");
    }

    @Test
    void theEightBitOptionWritesTheOriginalsByteLevels() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT));
        byte[] png = TestMedia.noisePng(518, 28);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(DepthPngBits.EIGHT).run(context(task));

        BufferedImage depth = output(task);
        assertThat(depth.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(depth.getColorModel().getPixelSize()).isEqualTo(8);
        assertCloseLevels(levels(depth), expectedLevels(Images.decodeRgb(png), 255), 1);
        assertThat(levels(depth)).contains(0, 255);
    }

    @Test
    void anImageOfAnySizeIsResizedForTheModelAndItsMapComesBackAtTheInputSize() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT));
        // red grows to the right, green downwards: the tiny model's "depth" grows towards the bottom right
        FakeTaskContext<ImageRequest> task = rig.task(TestMedia.png(300, 200));

        handler(DepthPngBits.SIXTEEN).run(context(task));

        BufferedImage depth = output(task);
        assertThat(depth.getWidth()).isEqualTo(300);
        assertThat(depth.getHeight()).isEqualTo(200);
        assertThat(depth.getColorModel().getPixelSize()).isEqualTo(16);
        assertThat(task.logs()).contains("Depth input 300×200 resized to 518×350")
                .anyMatch(l -> l.startsWith("Depth estimated at 518×350 on CPU in "));
        Raster r = depth.getRaster();
        assertThat(r.getSample(280, 100, 0)).isGreaterThan(r.getSample(20, 100, 0));
        assertThat(r.getSample(150, 190, 0)).isGreaterThan(r.getSample(150, 10, 0));
        assertThat(levels(depth)).contains(0, 65535);
    }

    @Test
    void aPlateLargerThanTheModelNeedsIsReadDownscaledAndItsMapComesBackAtTheDeclaredSize() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT));
        FakeTaskContext<ImageRequest> task = rig.task(TestMedia.png(2200, 2000));

        new io.ddiffusion.worker.images.ImageTaskHandler(handler(DepthPngBits.SIXTEEN)).run(task);

        BufferedImage depth = output(task);
        assertThat(depth.getWidth()).isEqualTo(2200);
        assertThat(depth.getHeight()).isEqualTo(2000);
        assertThat(task.logs()).anyMatch(l -> l.startsWith("Depth input 2200×2000 (read at 1100×1000) resized to"));
    }

    @Test
    void aFlatImageGivesAnAllBlackMapWithoutNaN() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT));
        BufferedImage flat = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        var g = flat.createGraphics();
        g.setColor(new Color(120, 80, 200));
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        FakeTaskContext<ImageRequest> task = rig.task(Images.png(flat));

        handler(DepthPngBits.SIXTEEN).run(context(task));

        assertThat(levels(output(task))).containsOnly(0);
    }

    @Test
    void onlyASpreadWithinFloatRoundOffCountsAsFlat() {
        float[] roundOff = {5f, Math.nextUp(5f), 5f, Math.nextUp(Math.nextUp(5f))};
        float[] shallow = {5f, 5.01f, 5f, 5.005f};
        assertThat(DepthAnything2.flatIfRoundOff(FloatImage.plane(2, 2, roundOff)).data()).containsOnly(0f);
        assertThat(DepthAnything2.flatIfRoundOff(FloatImage.plane(2, 2, shallow)).data()).containsExactly(shallow);
    }

    @Test
    void aFloat16ExportGivesTheSameMapWithinHalfPrecision() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT16));
        byte[] png = TestMedia.noisePng(518, 42);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(DepthPngBits.SIXTEEN).run(context(task));

        // fp16 keeps about three significant digits of depth values near ±2: within one 8-bit level of 65535
        assertCloseLevels(levels(output(task)), expectedLevels(Images.decodeRgb(png), 65535), 257);
    }

    @Test
    void theSameImageGivesTheSameBytes() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT));
        FakeTaskContext<ImageRequest> first = rig.task(TestMedia.png(97, 61));
        FakeTaskContext<ImageRequest> second = rig.task(TestMedia.png(97, 61));

        handler(DepthPngBits.SIXTEEN).run(context(first));
        handler(DepthPngBits.SIXTEEN).run(context(second));

        assertThat(second.read(second.outputs().getFirst())).isEqualTo(first.read(first.outputs().getFirst()));
    }

    @Test
    void cancellingBeforeInferenceStopsTheTaskBeforeTheModelIsLoaded() throws Exception {
        rig.weights("model", meanOverChannels(TinyOnnx.FLOAT));
        FakeTaskContext<ImageRequest> task = rig.task(TestMedia.png(64, 48));

        // step 1 of 3 is reported once the image is prepared, just before the model is loaded and run
        assertThatThrownBy(() -> handler(DepthPngBits.SIXTEEN).run(context(cancelledAtStep(task, 1))))
                .isInstanceOf(TaskCancelledException.class);

        assertThat(task.progressSteps()).hasToString("[[0, 3], [1, 3]]");
        assertThat(task.outputs()).isEmpty();
        assertThat(rig.runtime().loadedModels()).isEmpty();
    }

    @Test
    void aTaskWithoutAnImageFailsWithAClearMessage() {
        assertThatThrownBy(() -> handler(DepthPngBits.SIXTEEN).run(context(rig.taskWithoutImage())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model 'depth-anything-2' estimates depth from an image: send one in 'image'");
    }

    @Test
    void aModelFileWithOtherNamesIsRefusedSayingWhatItDeclares() {
        rig.weights("model", TinyOnnx.model("not-depth")
                .input("image", TinyOnnx.FLOAT, "batch", 3, "height", "width")
                .output("depth", TinyOnnx.FLOAT, "batch", "height", "width")
                .node("ReduceMean", in("image"), out("depth"), ints("axes", 1), integer("keepdims", 0)));

        assertThatThrownBy(() -> handler(DepthPngBits.SIXTEEN).run(context(rig.task(TestMedia.png(30, 20)))))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("[image]")
                .hasMessageContaining("[depth]")
                .hasMessageContaining("pixel_values → predicted_depth");
    }

    @Test
    void theBitDepthSettingReadsEightOrSixteen() {
        assertThat(DepthPngBits.parse("16")).isEqualTo(DepthPngBits.SIXTEEN);
        assertThat(DepthPngBits.parse(" 8 ")).isEqualTo(DepthPngBits.EIGHT);
        assertThatThrownBy(() -> DepthPngBits.parse("12"))
                .hasMessage("DDIFFUSION_DEPTH_PNG_BITS must be 8 or 16, got '12'");
    }
}
