package io.ddiffusion.worker.images.local.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxJavaType;
import io.ddiffusion.worker.models.onnx.ModelResidency;
import io.ddiffusion.worker.models.onnx.ModelResidency.ModelRef;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import io.ddiffusion.worker.models.onnx.OnnxEngine;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sam2SegmenterTest {
    static ModelResidency residency;
    static final Color LEFT = new Color(200, 100, 50);
    static final Color RIGHT = new Color(10, 220, 130);
    @TempDir
    Path dir;
    final Sam2Segmenter segmenter = new Sam2Segmenter();

    @BeforeAll
    static void engine() {
        residency = new ModelResidency(OnnxEngine.start(OnnxDevice.CPU, line -> { }), 1L << 30, line -> { });
    }

    @AfterAll
    static void stop() {
        residency.close();
    }

    ModelResidency.Lease encoder(int elemType) throws Exception {
        Path file = TinySamModels.visionEncoder(dir.resolve("vision_encoder-" + elemType + ".onnx"), elemType);
        return residency.acquire(ModelRef.of("sam-2/vision_encoder", file), line -> { });
    }

    ModelResidency.Lease decoder() throws Exception {
        Path file = TinySamModels.maskDecoder(dir.resolve("prompt_encoder_mask_decoder.onnx"));
        return residency.acquire(ModelRef.of("sam-2/mask_decoder", file), line -> { });
    }

    /** A 2:1 image, left half {@link #LEFT}, right half {@link #RIGHT}. */
    static BufferedImage twoHalves() {
        BufferedImage img = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(LEFT);
        g.fillRect(0, 0, 50, 50);
        g.setColor(RIGHT);
        g.fillRect(50, 0, 50, 50);
        g.dispose();
        return img;
    }

    static float normalised(Color c, int channel) {
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        int level = channel == 0 ? c.getRed() : channel == 1 ? c.getGreen() : c.getBlue();
        return (float) ((level / 255.0 - mean[channel]) / std[channel]);
    }

    @Test
    void theFloat16EncoderSeesTheImageStretchedTo1024AndImageNetNormalised() throws Exception {
        try (var encoder = encoder(TinyOnnx.FLOAT16)) {
            assertThat(encoder.inputs().get("pixel_values").type()).isEqualTo(OnnxJavaType.FLOAT16);

            var embeddings = segmenter.encode(encoder, twoHalves());

            assertThat(embeddings.tensors().keySet()).containsExactlyInAnyOrder("image_embeddings.0",
                    "image_embeddings.1", "image_embeddings.2");
            Tensor.Floats top = (Tensor.Floats) embeddings.tensors().get("image_embeddings.2");
            assertThat(top.shape()).containsExactly(1, 3, 64, 64);
            // 64 columns of 16 pixels: the stretch puts the colour boundary at column 32 in every row;
            // the two columns next to it blend the colours (bilinear)
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        if (x == 31 || x == 32) {
                            continue;
                        }
                        float expected = normalised(x < 32 ? LEFT : RIGHT, c);
                        assertThat(top.data()[(c * 64 + y) * 64 + x]).as("channel %d at (%d, %d)", c, x, y)
                                .isCloseTo(expected, within(Math.abs(expected) * 2e-3f + 1e-3f));
                    }
                }
            }
        }
    }

    @Test
    void float16AndFloat32EncodersGiveTheSameEmbeddingsWithinHalfPrecision() throws Exception {
        Sam2Segmenter.ImageEmbeddings half;
        Sam2Segmenter.ImageEmbeddings full;
        try (var encoder = encoder(TinyOnnx.FLOAT16)) {
            half = segmenter.encode(encoder, twoHalves());
        }
        try (var encoder = encoder(TinyOnnx.FLOAT)) {
            full = segmenter.encode(encoder, twoHalves());
        }
        float[] h = ((Tensor.Floats) half.tensors().get("image_embeddings.0")).data();
        float[] f = ((Tensor.Floats) full.tensors().get("image_embeddings.0")).data();
        assertThat(h).hasSameSizeAs(f);
        for (int i = 0; i < f.length; i++) {
            assertThat(h[i]).isCloseTo(f[i], within(Math.abs(f[i]) * 1e-3f + 1e-3f));
        }
    }

    @Test
    void theBoxGoesToTheDecoderInThe1024FrameWithAnEmptyPointPrompt() {
        var embeddings = new Sam2Segmenter.ImageEmbeddings(Map.of(), 1024);

        Map<String, Tensor> in = Sam2Segmenter.promptInputs(embeddings, new Box(50, 20, 150, 80), 200, 100);

        Tensor.Floats boxes = (Tensor.Floats) in.get("input_boxes");
        assertThat(boxes.shape()).containsExactly(1, 1, 4);
        assertThat(boxes.data()).containsExactly(new float[] {256f, 204.8f, 768f, 819.2f}, within(1e-3f));
        assertThat(in.get("input_points").shape()).containsExactly(1, 1, 0, 2);
        assertThat(in.get("input_labels")).isInstanceOf(Tensor.Longs.class);
        assertThat(in.get("input_labels").shape()).containsExactly(1, 1, 0);
    }

    @Test
    void theBestHypothesisUpsampledAndThresholdedCoversTheBoxOfANonSquareImage() throws Exception {
        BufferedImage image = twoHalves();
        Box box = new Box(20, 10, 70, 40);
        Mask mask;
        try (var encoder = encoder(TinyOnnx.FLOAT16); var decoder = decoder()) {
            mask = segmenter.segment(decoder, segmenter.encode(encoder, image), box, 100, 50);
        }

        assertThat(mask.width()).isEqualTo(100);
        assertThat(mask.height()).isEqualTo(50);
        assertThat(mask.iouScore()).isEqualTo(0.9f);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 100; x++) {
                boolean wellInside = x >= 21 && x <= 68 && y >= 11 && y <= 38;
                boolean wellOutside = x <= 18 || x >= 71 || y <= 8 || y >= 41;
                if (wellInside || wellOutside) {
                    assertThat(mask.pixels()[y * 100 + x]).as("(%d, %d)", x, y).isEqualTo(wellInside);
                }
            }
        }
        assertThat(mask.area()).isBetween(48 * 28, 52 * 32);
    }

    @Test
    void theFirstOfEquallyScoredHypothesesWins() {
        assertThat(Sam2Segmenter.best(new float[] {0.4f, 0.7f, 0.7f})).isEqualTo(1);
        assertThat(Sam2Segmenter.best(new float[] {0.9f})).isZero();
    }
}
