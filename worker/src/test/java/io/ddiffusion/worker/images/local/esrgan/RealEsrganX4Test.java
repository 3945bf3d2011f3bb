package io.ddiffusion.worker.images.local.esrgan;

import static io.ddiffusion.worker.images.local.LocalPipelineRig.cancelledAtStep;
import static io.ddiffusion.worker.images.local.LocalPipelineRig.context;
import static io.ddiffusion.worker.images.local.LocalPipelineRig.output;
import static io.ddiffusion.worker.images.local.esrgan.TinyUpscaler.nearestX4;
import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.out;
import static io.ddiffusion.worker.testing.TinyOnnx.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.local.LocalPipelineRig;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.providers.replicate.TestMedia;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.testing.FakeTaskContext;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RealEsrganX4Test {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    @TempDir
    Path dir;
    LocalPipelineRig rig;

    @BeforeEach
    void setUp() {
        rig = new LocalPipelineRig(dir, ImageModel.REAL_ESRGAN_X4);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private RealEsrganX4 handler(int tile, int overlap, long maxOutputPixels) {
        return new RealEsrganX4(rig.runtime(), new RealEsrganX4.Settings(tile, overlap, maxOutputPixels));
    }

    /** The 4× nearest upscale of {@code png}, pixel by pixel. */
    private static int[] nearestX4Pixels(byte[] png) throws Exception {
        BufferedImage src = Images.decodeRgb(png);
        int w = src.getWidth() * 4;
        int h = src.getHeight() * 4;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = src.getRGB(x / 4, y / 4) & 0xFFFFFF;
            }
        }
        return out;
    }

    private static int[] pixels(BufferedImage img) {
        int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return rgb;
    }

    private static void assertNearestUpscale(FakeTaskContext<ImageRequest> task, byte[] png, int w, int h)
            throws Exception {
        BufferedImage up = output(task);
        assertThat(up.getWidth()).isEqualTo(4 * w);
        assertThat(up.getHeight()).isEqualTo(4 * h);
        assertThat(pixels(up)).isEqualTo(nearestX4Pixels(png));
    }

    @ParameterizedTest(name = "{2}×{3} in tiles of {0} overlapping by {1}")
    @CsvSource({
        "32, 8, 100, 70",
        "16, 4, 37, 29",
        "64, 0, 130, 65",
        "40, 13, 41, 200",
        "512, 16, 90, 60"})
    void tilesOfADynamicExportAddUpToTheUntiledUpscaleExactly(int tile, int overlap, int w, int h)
            throws Exception {
        rig.weights("model", nearestX4("input", "output", 0, TinyOnnx.FLOAT));
        byte[] png = TestMedia.noisePng(w, h);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(tile, overlap, NO_LIMIT).run(context(task));

        assertNearestUpscale(task, png, w, h);
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"300, 130", "50, 20", "128, 128", "129, 257", "1, 1"})
    void aFixedSizeExportIsTiledAtItsOwnSizeWithEdgeTilesPaddedAndCroppedBack(int w, int h) throws Exception {
        // ONNX Runtime refuses any other input shape, so every tile reaching the model is exactly 128×128
        rig.weights("model", nearestX4("image", "upscaled_image", 128, TinyOnnx.FLOAT));
        byte[] png = TestMedia.noisePng(w, h);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(512, 16, NO_LIMIT).run(context(task));

        assertNearestUpscale(task, png, w, h);
        assertThat(task.logs()).anyMatch(l -> l.contains("tiles of up to 128 px (the export's fixed size)"));
    }

    @Test
    void anExportWhoseOutputHasNoBatchAxisUpscalesTheSameWay() throws Exception {
        // Qualcomm's exporter squeezes the batch axis of the output in some releases: [3, 4h, 4w]
        TinyOnnx squeezed = TinyOnnx.model("nearest-x4-squeezed")
                .input("image", TinyOnnx.FLOAT, 1, 3, 128, 128)
                .output("upscaled_image", TinyOnnx.FLOAT, 3, 512, 512)
                .constant("scales", TinyOnnx.FLOAT, new float[] {1, 1, 4, 4}, 4)
                .constant("axis0", new long[] {0}, 1)
                .node("Resize", in("image", "", "scales"), out("batched"), string("mode", "nearest"),
                        string("coordinate_transformation_mode", "asymmetric"), string("nearest_mode", "floor"))
                .node("Squeeze", in("batched", "axis0"), out("upscaled_image"));
        rig.weights("model", squeezed);
        byte[] png = TestMedia.noisePng(150, 90);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(512, 16, NO_LIMIT).run(context(task));

        assertNearestUpscale(task, png, 150, 90);
    }

    @Test
    void aFloat16ExportUpscalesTheSameWay() throws Exception {
        rig.weights("model", nearestX4("input", "output", 0, TinyOnnx.FLOAT16));
        byte[] png = TestMedia.noisePng(45, 38);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(16, 4, NO_LIMIT).run(context(task));

        // 8-bit levels survive fp16 (11 significant bits) exactly
        assertNearestUpscale(task, png, 45, 38);
    }

    /** Tiles needed along {@code length} pixels: the first covers {@code tile}, each next one {@code tile - overlap} more. */
    private static int tilesAlong(int length, int tile, int overlap) {
        return length <= tile ? 1 : 1 + Math.ceilDiv(length - tile, tile - overlap);
    }

    @Test
    void progressCountsTheTiles() throws Exception {
        rig.weights("model", nearestX4("input", "output", 0, TinyOnnx.FLOAT));
        FakeTaskContext<ImageRequest> task = rig.task(TestMedia.noisePng(100, 70));

        handler(32, 8, NO_LIMIT).run(context(task));

        int total = tilesAlong(100, 32, 8) * tilesAlong(70, 32, 8);
        assertThat(total).isEqualTo(12);
        List<FakeTaskContext.Step> expected = new ArrayList<>();
        for (int i = 0; i <= total; i++) {
            expected.add(new FakeTaskContext.Step(i, total));
        }
        assertThat(task.progressSteps()).isEqualTo(expected);
        assertThat(task.logs()).contains("Image Super-Resolution completed")
                .anyMatch(l -> l.startsWith("Upscaling 100×70 to 400×280 in 12 tiles of up to 32 px, overlap 8 px"));
    }

    @Test
    void cancellingBetweenTilesStopsTheTaskWithoutAnOutput() throws Exception {
        rig.weights("model", nearestX4("input", "output", 0, TinyOnnx.FLOAT));
        FakeTaskContext<ImageRequest> task = rig.task(TestMedia.noisePng(100, 70));

        assertThatThrownBy(() -> handler(32, 8, NO_LIMIT).run(context(cancelledAtStep(task, 3))))
                .isInstanceOf(TaskCancelledException.class);

        assertThat(task.progressSteps()).hasToString("[[0, 12], [1, 12], [2, 12], [3, 12]]");
        assertThat(task.outputs()).isEmpty();
    }

    @Test
    void anImageWhoseUpscaleWouldExceedThePixelLimitFailsBeforeLoadingTheModel() {
        rig.weights("model", nearestX4("input", "output", 0, TinyOnnx.FLOAT));

        assertThatThrownBy(() -> handler(512, 16, 256 * 256).run(context(rig.task(TestMedia.png(65, 64)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model 'real-esrgan-x4' would turn this 65×64 image into 260×256 = 66560 pixels, over "
                        + "the limit of 65536 output pixels; send a smaller image");
        assertThat(rig.runtime().loadedModels()).isEmpty();
    }

    @Test
    void anImageWhoseUpscaleMeetsThePixelLimitExactlyIsUpscaled() throws Exception {
        rig.weights("model", nearestX4("input", "output", 0, TinyOnnx.FLOAT));
        byte[] png = TestMedia.noisePng(64, 64);
        FakeTaskContext<ImageRequest> task = rig.task(png);

        handler(512, 16, 256 * 256).run(context(task));

        assertNearestUpscale(task, png, 64, 64);
    }

    @Test
    void aModelThatDoesNotUpscaleFourTimesFailsNamingWhatItReturned() {
        rig.weights("model", TinyOnnx.model("doubler")
                .input("input", TinyOnnx.FLOAT, 1, 3, "height", "width")
                .output("output", TinyOnnx.FLOAT, 1, 3, "height", "width")
                .constant("two", TinyOnnx.FLOAT, new float[] {2f})
                .node("Mul", in("input", "two"), out("output")));

        assertThatThrownBy(() -> handler(32, 8, NO_LIMIT).run(context(rig.task(TestMedia.png(20, 10)))))
                .isInstanceOf(InferenceException.class)
                .hasMessage("real-esrgan-x4 returned Floats[1, 3, 10, 20] for a [1, 3, 10, 20] tile, expected its "
                        + "4× upscale [1, 3, 40, 80]");
    }

    @Test
    void aModelWithoutOneImageInputIsRefused() {
        rig.weights("model", TinyOnnx.model("two-inputs")
                .input("a", TinyOnnx.FLOAT, 1, 3, "height", "width")
                .input("b", TinyOnnx.FLOAT, 1, 3, "height", "width")
                .output("sum", TinyOnnx.FLOAT, 1, 3, "height", "width")
                .node("Add", in("a", "b"), out("sum")));

        assertThatThrownBy(() -> handler(32, 8, NO_LIMIT).run(context(rig.task(TestMedia.png(20, 10)))))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("not one float RGB image [1, 3, height, width]");
    }

    @Test
    void anOverlapAsLargeAsTheExportsFixedTileIsAConfigurationError() {
        rig.weights("model", nearestX4("image", "upscaled_image", 128, TinyOnnx.FLOAT));

        assertThatThrownBy(() -> handler(512, 128, NO_LIMIT).run(context(rig.task(TestMedia.png(20, 10)))))
                .isInstanceOf(InferenceException.class)
                .hasMessage("real-esrgan-x4: the export takes 128 px tiles, which cannot overlap by 128 px; "
                        + "configure a smaller overlap");
    }

    @Test
    void aTaskWithoutAnImageFailsWithAClearMessage() {
        assertThatThrownBy(() -> handler(32, 8, NO_LIMIT).run(context(rig.taskWithoutImage())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model 'real-esrgan-x4' upscales an image: send one in 'image'");
    }

    @Test
    void settingsRefuseAnOverlapThatLeavesNoStepAndANonPositiveLimit() {
        assertThatThrownBy(() -> new RealEsrganX4.Settings(32, 32, 1))
                .hasMessage("Real-ESRGAN tiles (DDIFFUSION_ESRGAN_TILE_SIZE, _OVERLAP) need a positive size and an "
                        + "overlap smaller than it, got size 32 and overlap 32");
        assertThatThrownBy(() -> new RealEsrganX4.Settings(32, 8, 0))
                .hasMessage("DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS must be positive, got 0");
    }
}
