package io.ddiffusion.worker.images.local.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.images.local.sam.TinySamModels.FakeQuery;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.testing.FakeTaskContext;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sam2Test {
    static final int WIDTH = 200;
    static final int HEIGHT = 100;
    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int YELLOW = 0xFFFF00;
    /** "[CLS] a cat . [SEP]": token 2 is "cat". */
    static final int CAT = 2;
    // boxes on the 200×100 image: A (20, 20)-(80, 80), B (60, 20)-(120, 80) overlapping A, C (140, 20)-(160, 40),
    // D (140, 65)-(160, 85)
    static final FakeQuery A = new FakeQuery(10, CAT, 0.8f, 0.25f, 0.5f, 0.3f, 0.6f);
    static final FakeQuery B = new FakeQuery(20, CAT, 0.6f, 0.45f, 0.5f, 0.3f, 0.6f);
    static final FakeQuery C = new FakeQuery(30, CAT, 0.5f, 0.75f, 0.3f, 0.1f, 0.2f);
    static final FakeQuery D = new FakeQuery(40, CAT, 0.4f, 0.75f, 0.75f, 0.1f, 0.2f);

    @TempDir
    Path dir;
    LocalRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    Sam2 handler(FakeQuery... detections) throws IOException {
        Path models = dir.resolve("models");
        ModelPaths files = new ModelPaths("sam-2", Map.of(
                "detector", TinySamModels.detector(models.resolve("onnx/model.onnx"), "sequence_length", detections),
                "detector_vocab", TinySamModels.writeVocab(models.resolve("vocab.txt")),
                "vision_encoder", TinySamModels.visionEncoder(models.resolve("onnx/vision_encoder_fp16.onnx"),
                        TinyOnnx.FLOAT16),
                "mask_decoder", TinySamModels.maskDecoder(models.resolve("onnx/prompt_encoder_mask_decoder.onnx"))));
        runtime = new LocalRuntime((model, log) -> files, OnnxDevice.CPU, 1L << 30, line -> { });
        return new Sam2(runtime);
    }

    FakeTaskContext<ImageRequest> task(String prompt) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        ImageRequest request = new ImageRequest(ImageModel.SAM_2, prompt, null, null, null, null, null, null, null);
        return FakeTaskContext.of("images.sam-2", request, dir.resolve("storage"), Map.of("image", Images.png(image)));
    }

    BufferedImage segment(Sam2 sam, FakeTaskContext<ImageRequest> task) throws Exception {
        List<String> keys = sam.run(ImageContext.of(task));
        assertThat(keys).hasSize(1);
        return Images.decodeRgb(task.read(keys.getFirst()));
    }

    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void oneObjectIsPaintedRedOnBlackOverItsBox() throws Exception {
        BufferedImage out = segment(handler(A), task("a cat"));

        assertThat(out.getWidth()).isEqualTo(WIDTH);
        assertThat(out.getHeight()).isEqualTo(HEIGHT);
        assertThat(rgb(out, 22, 22)).isEqualTo(RED);
        assertThat(rgb(out, 50, 50)).isEqualTo(RED);
        assertThat(rgb(out, 78, 78)).isEqualTo(RED);
        assertThat(rgb(out, 17, 50)).isZero();
        assertThat(rgb(out, 83, 50)).isZero();
        assertThat(rgb(out, 50, 17)).isZero();
        assertThat(rgb(out, 150, 50)).isZero();
    }

    @Test
    void twoObjectsAreRedAndGreenAddingUpToYellowWhereTheyOverlap() throws Exception {
        BufferedImage out = segment(handler(A, B), task("a cat"));

        assertThat(rgb(out, 40, 50)).isEqualTo(RED);
        assertThat(rgb(out, 70, 50)).isEqualTo(YELLOW);
        assertThat(rgb(out, 100, 50)).isEqualTo(GREEN);
        assertThat(rgb(out, 150, 50)).isZero();
    }

    @Test
    void theThirdAndEveryLaterObjectIsBlue() throws Exception {
        BufferedImage out = segment(handler(A, B, C, D), task("a cat"));

        assertThat(rgb(out, 40, 50)).isEqualTo(RED);
        assertThat(rgb(out, 100, 50)).isEqualTo(GREEN);
        assertThat(rgb(out, 150, 30)).isEqualTo(BLUE);
        assertThat(rgb(out, 150, 75)).isEqualTo(BLUE);
        assertThat(rgb(out, 150, 55)).isZero();
    }

    @Test
    void progressCoversDetectionEncodingAndEachBoxAndTheLogsGiveBoxesAndScores() throws Exception {
        FakeTaskContext<ImageRequest> task = task("A  Cat");

        segment(handler(A, B), task);

        assertThat(task.progressSteps()).hasToString("[[1, 4], [2, 4], [3, 4], [4, 4]]");
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).startsWith("Grounding DINO found 2 boxes for 'a cat.'")
                .contains("0.80 (20, 20)-(80, 80) 'cat'").contains("0.60 (60, 20)-(120, 80)"));
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).startsWith("Mask 2/2: box (60, 20)-(120, 80), "
                + "predicted IoU 0.90"));
        assertThat(task.logs()).contains("Number of masks detected: 2");
    }

    @Test
    void nothingOverTheBoxThresholdFailsTheTaskWithAMessageNamingThePrompt() throws Exception {
        FakeTaskContext<ImageRequest> task = task("a  cat");
        Sam2 sam = handler(new FakeQuery(5, CAT, 0.29f, 0.5f, 0.5f, 0.5f, 0.5f));

        assertThatThrownBy(() -> sam.run(ImageContext.of(task))).isInstanceOf(NoObjectsFoundException.class)
                .hasMessageStartingWith("No objects matching 'a cat' were found in the image")
                .hasMessageContaining("0.30");
        assertThat(task.outputs()).isEmpty();
        assertThat(task.logs()).anySatisfy(l -> assertThat(l).startsWith("Grounding DINO found 0 boxes"));
    }

    @Test
    void cancellingBetweenBoxesStopsBeforeTheNextMask() throws Exception {
        FakeTaskContext<ImageRequest> fake = task("a cat");
        Sam2 sam = handler(A, B, C);

        assertThatThrownBy(() -> sam.run(ImageContext.of(fake.cancelAtStep(3))))
                .isInstanceOf(TaskCancelledException.class);
        assertThat(fake.progressSteps()).hasToString("[[1, 5], [2, 5], [3, 5]]");
        assertThat(fake.logs()).anySatisfy(l -> assertThat(l).startsWith("Mask 1/3"))
                .noneSatisfy(l -> assertThat(l).startsWith("Mask 2/3"));
        assertThat(fake.outputs()).isEmpty();
    }

    @Test
    void cancellingAfterDetectionSkipsTheEncoder() throws Exception {
        FakeTaskContext<ImageRequest> fake = task("a cat");
        Sam2 sam = handler(A);

        assertThatThrownBy(() -> sam.run(ImageContext.of(fake.cancelAtStep(1))))
                .isInstanceOf(TaskCancelledException.class);
        assertThat(fake.logs()).noneSatisfy(l -> assertThat(l).startsWith("SAM 2 image encoded"));
        assertThat(runtime.loadedModels()).containsExactly("sam-2/detector");
    }

    @Test
    void theSameTaskTwiceGivesTheSameMask() throws Exception {
        Sam2 sam = handler(A, B, C);

        BufferedImage first = segment(sam, task("a cat"));
        BufferedImage second = segment(sam, task("a cat"));

        assertThat(Images.png(second)).isEqualTo(Images.png(first));
    }

    @Test
    void aRequestWithoutAnImageIsRefusedWithAClearMessage() throws Exception {
        Sam2 sam = handler(A);
        ImageRequest request = new ImageRequest(ImageModel.SAM_2, "a cat", 64, 64, null, null, null, null, null);
        var task = FakeTaskContext.of("images.sam-2", request, dir.resolve("storage"), Map.of());

        assertThat(sam.model()).isEqualTo(ImageModel.SAM_2);
        assertThatThrownBy(() -> sam.run(ImageContext.of(task))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sam-2 segments an input image, and the request has none");
    }

    @Test
    void aBlankPromptIsRefusedBeforeAnyModelLoads() throws Exception {
        Sam2 sam = handler(A);

        assertThatThrownBy(() -> sam.run(ImageContext.of(task(" \n ")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a prompt naming what to segment");
        assertThat(runtime.loadedModels()).isEmpty();
    }
}
