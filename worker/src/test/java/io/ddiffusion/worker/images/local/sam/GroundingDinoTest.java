package io.ddiffusion.worker.images.local.sam;

import static io.ddiffusion.worker.images.local.sam.TinySamModels.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.images.local.sam.TinySamModels.FakeQuery;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.ModelResidency.ModelRef;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.models.onnx.OnnxEngine;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.models.tokenizers.WordPieceTokenizer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundingDinoTest {
    static ModelResidency residency;
    @TempDir
    Path dir;
    GroundingDino detector;

    @BeforeAll
    static void engine() {
        residency = new ModelResidency(OnnxEngine.start(OnnxDevice.CPU, line -> { }), 1L << 30, line -> { });
    }

    @AfterAll
    static void stop() {
        residency.close();
    }

    @BeforeEach
    void tokenizer() throws Exception {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromVocab(TinySamModels.writeVocab(dir.resolve("vocab.txt")),
                true);
        detector = new GroundingDino(tokenizer, DetectionThresholds.ORIGINAL);
    }

    ModelResidency.Lease lease(Object sequenceLength, FakeQuery... queries) throws Exception {
        Path model = TinySamModels.detector(dir.resolve("detector-" + sequenceLength + ".onnx"), sequenceLength,
                queries);
        return residency.acquire(ModelRef.of("sam-2/detector", model), line -> { });
    }

    static BufferedImage filled(int width, int height, Color colour) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    Map<String, Tensor> echo(ModelResidency.Lease lease, BufferedImage image, String prompt) {
        DetectorText text = detector.text(prompt, lease.inputs());
        return lease.run(GroundingDino.inputs(image, text, lease.inputs()));
    }

    @Test
    void thePromptReachesTheModelAsInt64IdsWithAnAttentionMaskOverEveryToken() throws Exception {
        try (var lease = lease("sequence_length")) {
            Map<String, Tensor> seen = echo(lease, filled(30, 20, Color.GRAY), "Red  BALLS");

            assertThat(((Tensor.Longs) seen.get("echo_input_ids")).data()).containsExactly(101, id("red"), id("ball"),
                    id("##s"), id("."), 102);
            assertThat(((Tensor.Longs) seen.get("echo_attention_mask")).data()).containsExactly(1, 1, 1, 1, 1, 1);
            assertThat(((Tensor.Longs) seen.get("echo_token_type_ids")).data()).containsOnly(0L).hasSize(6);
        }
    }

    @Test
    void anExportWithAFixedTextLengthGetsPaddingMaskedOut() throws Exception {
        try (var lease = lease(256)) {
            Map<String, Tensor> seen = echo(lease, filled(30, 20, Color.GRAY), "a cat");

            long[] ids = ((Tensor.Longs) seen.get("echo_input_ids")).data();
            long[] mask = ((Tensor.Longs) seen.get("echo_attention_mask")).data();
            assertThat(ids).hasSize(256).startsWith(101, id("a"), id("cat"), id("."), 102);
            assertThat(ids[5]).isZero();
            assertThat(mask).startsWith(1, 1, 1, 1, 1);
            assertThat(java.util.Arrays.stream(mask).sum()).isEqualTo(5);
        }
    }

    @Test
    void theImageIsStretchedTo800SquareAndImageNetNormalisedWithEveryPixelUnmasked() throws Exception {
        // left half (200, 100, 50), right half black: stretched, each half fills half the square; letterboxing
        // or cropping would change the channel means
        BufferedImage image = filled(120, 40, Color.BLACK);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 100, 50));
        g.fillRect(0, 0, 60, 40);
        g.dispose();
        try (var lease = lease("sequence_length")) {
            Map<String, Tensor> seen = echo(lease, image, "a cat");

            // the model averages 640,000 float32 values: allow its rounding
            float[] means = ((Tensor.Floats) seen.get("echo_pixel_means")).data();
            assertThat(means[0]).isCloseTo(halfAndHalf(200, 0.485, 0.229), within(2e-3f));
            assertThat(means[1]).isCloseTo(halfAndHalf(100, 0.456, 0.224), within(2e-3f));
            assertThat(means[2]).isCloseTo(halfAndHalf(50, 0.406, 0.225), within(2e-3f));
            assertThat(((Tensor.Longs) seen.get("echo_pixel_mask_sum")).data()).containsExactly(800L * 800L);
        }
    }

    /** The mean of a channel that is {@code level} on one half and 0 on the other, ImageNet-normalised. */
    static float halfAndHalf(int level, double mean, double std) {
        return (float) (((level / 255.0 - mean) / std + (0 - mean) / std) / 2);
    }

    @Test
    void detectionsComeBackInPixelsOfTheOriginalImage() throws Exception {
        try (var lease = lease("sequence_length",
                new FakeQuery(7, 2, 0.31f, 0.5f, 0.25f, 0.2f, 0.3f),
                new FakeQuery(8, 2, 0.29f, 0.5f, 0.5f, 0.9f, 0.9f),
                new FakeQuery(9, 30, 0.99f, 0.5f, 0.5f, 0.9f, 0.9f))) {
            List<Detection> found = detector.detect(lease, filled(200, 100, Color.GRAY), "a cat");

            assertThat(found).singleElement().satisfies(d -> {
                assertThat(d.score()).isCloseTo(0.31f, within(1e-4f));
                assertThat(d.phrase()).isEqualTo("cat");
                assertThat(d.box().x1()).isCloseTo(80f, within(1e-3f));
                assertThat(d.box().y1()).isCloseTo(10f, within(1e-3f));
                assertThat(d.box().x2()).isCloseTo(120f, within(1e-3f));
                assertThat(d.box().y2()).isCloseTo(40f, within(1e-3f));
            });
        }
    }
}
