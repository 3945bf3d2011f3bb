package io.ddiffusion.worker.images.local.sdxl;

import static io.ddiffusion.worker.testing.TinyOnnx.FLOAT;
import static io.ddiffusion.worker.testing.TinyOnnx.in;
import static io.ddiffusion.worker.testing.TinyOnnx.out;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.models.ModelPaths;
import io.ddiffusion.worker.models.onnx.InferenceException;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.models.onnx.Tensor;
import io.ddiffusion.worker.testing.TinyOnnx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaeTest {
    @TempDir
    Path dir;

    /** CHW [3, 16, 16] of one colour per 8×8 block column: left half (r0, g0, b0), right half (r1, g1, b1). */
    static float[] twoColours(float[] left, float[] right) {
        float[] image = new float[3 * 16 * 16];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    image[(c * 16 + y) * 16 + x] = x < 8 ? left[c] : right[c];
                }
            }
        }
        return image;
    }

    float[] encode(TinySdXl.Options options, float[] image) throws Exception {
        try (Sessions s = new Sessions(TinySdXl.write(dir, options)); Lease encoder = s.lease("vae_encoder")) {
            return Vae.encode(encoder, image, 16, 16);
        }
    }

    @Test
    void encodingTakesTheDistributionsMeanTimesSdxlsScalingFactor() throws Exception {
        float[] left = {0.5f, -0.25f, 1f};
        float[] right = {-1f, 0f, 0.75f};
        float[] latents = encode(TinySdXl.Options.standard(), twoColours(left, right));

        // [4, 2, 2]: the tiny encoder's mean channels are R, G, B and their average; the log-variance is ignored
        assertThat(latents).hasSize(4 * 2 * 2);
        for (int y = 0; y < 2; y++) {
            float[][] colours = {left, right};
            for (int x = 0; x < 2; x++) {
                float[] colour = colours[x];
                for (int c = 0; c < 3; c++) {
                    assertThat(latents[(c * 2 + y) * 2 + x]).isCloseTo(colour[c] * 0.13025f, within(1e-6f));
                }
                float grey = (colour[0] + colour[1] + colour[2]) / 3;
                assertThat(latents[(3 * 2 + y) * 2 + x]).isCloseTo(grey * 0.13025f, within(1e-6f));
            }
        }
    }

    @Test
    void anOlderExportsLatentSampleIsTakenAsItIs() throws Exception {
        float[] image = twoColours(new float[] {0.5f, -0.25f, 1f}, new float[] {-1f, 0f, 0.75f});
        assertThat(encode(TinySdXl.Options.standard().withLatentSampleEncoder(), image))
                .containsExactly(encode(TinySdXl.Options.standard(), image));
    }

    @Test
    void decodingUndoesTheScalingFactor() throws Exception {
        float[] latents = new float[4 * 2 * 2];
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (i - 8) * 0.01f;
        }
        try (Sessions s = new Sessions(TinySdXl.write(dir, TinySdXl.Options.standard()));
                Lease decoder = s.lease("vae_decoder")) {
            Tensor.Floats image = Vae.decode(decoder, latents, 2, 2);

            assertThat(image.shape()).containsExactly(1, 3, 16, 16);
            // the tiny decoder upsamples latent channels 0..2 by 8: pixel (x, y) shows latent (x / 8, y / 8)
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        float latent = latents[(c * 2 + y / 8) * 2 + x / 8];
                        assertThat(image.data()[(c * 16 + y) * 16 + x]).isCloseTo(latent / 0.13025f, within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void aDecoderThatOverflowsFailsNamingTheFp16Problem() throws Exception {
        ModelPaths files = TinySdXl.write(dir, TinySdXl.Options.standard());
        Map<String, Path> paths = new HashMap<>(files.paths());
        paths.put("vae_decoder", TinyOnnx.model("overflowing")
                .input("latent_sample", FLOAT, "batch_size", 4, "latent_height", "latent_width")
                .output("sample", FLOAT, "batch_size", 3, "height", "width")
                .constant("huge", FLOAT, new float[] {Float.POSITIVE_INFINITY})
                .node("Mul", in("latent_sample", "huge"), out("sample"))
                .save(dir.resolve("overflowing/model.onnx")));
        try (Sessions s = new Sessions(new ModelPaths(SdXl.MODEL, paths)); Lease decoder = s.lease("vae_decoder")) {
            assertThatThrownBy(() -> Vae.decode(decoder, new float[4 * 2 * 2], 2, 2))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("NaN")
                    .hasMessageContaining("fp32 vae_decoder");
        }
    }
}
