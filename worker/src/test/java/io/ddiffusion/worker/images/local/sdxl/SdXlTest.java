package io.ddiffusion.worker.images.local.sdxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.local.LocalPipelineRig;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.images.local.diffusion.SchedulerKind;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.testing.FakeTaskContext.Step;
import io.ddiffusion.worker.testing.FakeTaskContext;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdXlTest {
    @TempDir
    Path dir;
    final List<String> workerLog = new ArrayList<>();
    final List<LocalRuntime> runtimes = new ArrayList<>();
    FakeTaskContext<ImageRequest> task;

    @AfterEach
    void close() {
        runtimes.forEach(LocalRuntime::close);
    }

    SdXl handler(TinySdXl.Options options, SchedulerKind scheduler) throws Exception {
        ModelPaths files = TinySdXl.write(dir.resolve("models-" + runtimes.size()), options);
        LocalRuntime runtime = new LocalRuntime((model, log) -> files, OnnxDevice.CPU, 1L << 30, workerLog::add);
        runtimes.add(runtime);
        return new SdXl(runtime, SdXlSettings.defaults().withScheduler(scheduler));
    }

    SdXl handler() throws Exception {
        return handler(TinySdXl.Options.standard(), SchedulerKind.EULER);
    }

    ImageContext context(int width, int height, long seed, double strength, Map<String, byte[]> inputs)
            throws Exception {
        ImageRequest request = new ImageRequest(ImageModel.SD_XL, "a cat and a dog", height, width, seed, strength,
                null, null, null);
        task = FakeTaskContext.of("images.sd-xl", request, dir.resolve("storage"), inputs);
        return ImageContext.of(task);
    }

    BufferedImage run(SdXl sdxl, ImageContext ctx) throws Exception {
        List<String> keys = sdxl.run(ctx);
        assertThat(keys).hasSize(1);
        return Images.decodeRgb(task.read(keys.get(0)));
    }

    byte[] runBytes(SdXl sdxl, long seed) throws Exception {
        List<String> keys = sdxl.run(context(64, 64, seed, 0.5, Map.of()));
        return task.read(keys.get(0));
    }

    /** A colourful test picture: smooth gradients with a few hard edges. */
    static BufferedImage picture(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255) / width;
                int g = (y * 255) / height;
                int b = ((x / 8 + y / 8) % 2) * 200 + 20;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /** White (repaint) inside the square [from, to) on both axes, black elsewhere. */
    static BufferedImage squareMask(int width, int height, int from, int to) {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = from; y < to; y++) {
            for (int x = from; x < to; x++) {
                mask.getRaster().setSample(x, y, 0, 255);
            }
        }
        return mask;
    }

    static List<Step> steps(int total) {
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            steps.add(new Step(i, total));
        }
        return steps;
    }

    @Test
    void textToImageMakesAPngOfTheRequestedSizeFlooredToSixteen() throws Exception {
        BufferedImage out = run(handler(), context(100, 70, 42, 0.5, Map.of()));

        assertThat(out.getWidth()).isEqualTo(96);
        assertThat(out.getHeight()).isEqualTo(64);
        assertThat(task.progressSteps()).isEqualTo(steps(35));
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).contains("text-to-image", "96x64", "35 of 35 steps",
                "EULER", "guidance 3.5", "seed 42", "CPU"));
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).matches("Denoised 35 steps in \\d+ ms \\(\\d+ ms/step\\)"));
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws Exception {
        SdXl sdxl = handler();
        assertThat(runBytes(sdxl, 7)).isEqualTo(runBytes(sdxl, 7));
        assertThat(runBytes(handler(), 7)).isEqualTo(runBytes(sdxl, 7));
    }

    @Test
    void differentSeedsGiveDifferentImages() throws Exception {
        SdXl sdxl = handler();
        assertThat(runBytes(sdxl, 7)).isNotEqualTo(runBytes(sdxl, 8));
    }

    @Test
    void everySchedulerIsDeterministicAndTheyDiffer() throws Exception {
        Map<SchedulerKind, byte[]> images = new LinkedHashMap<>();
        for (SchedulerKind kind : SchedulerKind.values()) {
            SdXl sdxl = handler(TinySdXl.Options.standard(), kind);
            byte[] first = runBytes(sdxl, 11);
            assertThat(runBytes(sdxl, 11)).as(kind.name()).isEqualTo(first);
            assertThat(task.logs()).anySatisfy(l -> assertThat(l).contains("scheduler " + kind));
            images.put(kind, first);
        }
        assertThat(images.get(SchedulerKind.EULER_ANCESTRAL)).isNotEqualTo(images.get(SchedulerKind.EULER));
        assertThat(images.get(SchedulerKind.DPM_SOLVER_MULTISTEP)).isNotEqualTo(images.get(SchedulerKind.EULER));
    }

    @Test
    void imageToImageRunsOnlyTheStrengthsShareOfTheStepsOnTheCroppedImage() throws Exception {
        byte[] png = Images.png(picture(80, 72));
        BufferedImage out = run(handler(), context(1280, 720, 42, 0.5, Map.of("image", png)));

        assertThat(out.getWidth()).isEqualTo(80);
        assertThat(out.getHeight()).isEqualTo(64);
        // int(35 × 0.5) = 17 steps, as diffusers' get_timesteps
        assertThat(task.progressSteps()).isEqualTo(steps(17));
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).contains("image-to-image", "80x64 (from 80x72)",
                "17 of 35 steps"));
    }

    @Test
    void aStrengthTooLowForOneStepStillRunsOne() throws Exception {
        byte[] png = Images.png(picture(64, 64));
        run(handler(), context(64, 64, 42, 0.0, Map.of("image", png)));

        assertThat(task.progressSteps()).isEqualTo(steps(1));
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).contains("strength 0.0 runs no step"));
    }

    @Test
    void anOlderVaeEncoderExportWithLatentSampleServesImageToImage() throws Exception {
        byte[] png = Images.png(picture(64, 64));
        SdXl sdxl = handler(TinySdXl.Options.standard().withLatentSampleEncoder(), SchedulerKind.EULER);
        BufferedImage out = run(sdxl, context(64, 64, 42, 0.3, Map.of("image", png)));

        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(task.progressSteps()).isEqualTo(steps(10));
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).contains("returns a latent draw"));
    }

    @Test
    void inpaintingLeavesTheUnmaskedRegionAsItWas() throws Exception {
        BufferedImage input = picture(64, 64);
        byte[] png = Images.png(input);
        byte[] mask = Images.png(squareMask(64, 64, 16, 48));
        BufferedImage out = run(handler(), context(64, 64, 42, 0.5, Map.of("image", png, "mask", mask)));

        // int(35 × 0.95) = 33 steps at inpainting guidance 4.0
        assertThat(task.progressSteps()).isEqualTo(steps(33));
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).contains("inpainting", "33 of 35 steps",
                "guidance 4.0"));
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean inside = x >= 16 && x < 48 && y >= 16 && y < 48;
                if (!inside) {
                    assertThat(out.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(input.getRGB(x, y));
                } else if (out.getRGB(x, y) != input.getRGB(x, y)) {
                    changedInside++;
                }
            }
        }
        assertThat(changedInside).isGreaterThan(32 * 32 / 2);
    }

    @Test
    void aNineChannelInpaintingUnetGetsTheMaskAndTheMaskedImage() throws Exception {
        BufferedImage input = picture(64, 64);
        Map<String, byte[]> inputs = Map.of("image", Images.png(input), "mask", Images.png(squareMask(64, 64, 8,
                40)));
        SdXl sdxl = handler(TinySdXl.Options.standard().withInpaintingUnet(), SchedulerKind.EULER);
        BufferedImage out = run(sdxl, context(64, 64, 42, 0.5, inputs));

        assertThat(out.getRGB(60, 60)).isEqualTo(input.getRGB(60, 60));
        assertThat(out.getRGB(24, 24)).isNotEqualTo(input.getRGB(24, 24));
    }

    @Test
    void aNineChannelInpaintingUnetRefusesTextToImageWithAClearMessage() throws Exception {
        SdXl sdxl = handler(TinySdXl.Options.standard().withInpaintingUnet(), SchedulerKind.EULER);
        assertThatThrownBy(() -> sdxl.run(context(64, 64, 42, 0.5, Map.of()))).isInstanceOf(InferenceException.class)
                .hasMessageContaining("inpainting UNet (9 input channels)").hasMessageContaining("text-to-image");
        assertThat(task.outputs()).isEmpty();
    }

    @Test
    void aFloat16UnetExportRunsTheSamePipeline() throws Exception {
        BufferedImage full = run(handler(), context(64, 64, 5, 0.5, Map.of()));
        BufferedImage half = run(handler(TinySdXl.Options.standard().withFp16().withIntTimestep(),
                SchedulerKind.EULER), context(64, 64, 5, 0.5, Map.of()));

        assertThat(meanAbsoluteDifference(full, half)).isLessThan(2.0);
    }

    @Test
    void cancellingDuringDenoisingStopsBeforeTheNextStepAndStoresNothing() throws Exception {
        ImageContext ctx = context(64, 64, 42, 0.5, Map.of());
        ImageContext cancelling = new ImageContext(ctx.request(), ctx.image(), ctx.mask(), ctx.references(),
                ctx.width(), ctx.height(), LocalPipelineRig.cancelledAtStep(task, 5));

        assertThatThrownBy(() -> handler().run(cancelling)).isInstanceOf(TaskCancelledException.class);
        assertThat(task.progressSteps()).isEqualTo(steps(35).subList(0, 5));
        assertThat(task.outputs()).isEmpty();
    }

    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
