package io.ddiffusion.worker.images.local.sdxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidedUnetTest {
    static final int W = 3;
    static final int H = 2;
    static final int IMAGE_W = 24;
    static final int IMAGE_H = 16;

    @TempDir
    Path dir;
    final Random random = new Random(7);
    final PromptEmbeddings negative = embeddings();
    final PromptEmbeddings positive = embeddings();

    PromptEmbeddings embeddings() {
        int width = TinySdXl.WIDTH_1 + TinySdXl.WIDTH_2;
        float[] hidden = new float[77 * width];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) random.nextGaussian();
        }
        float[] pooled = new float[TinySdXl.WIDTH_2];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = (float) random.nextGaussian();
        }
        return new PromptEmbeddings(hidden, 77, width, pooled);
    }

    float[] latents() {
        float[] x = new float[4 * W * H];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** The tiny UNet's conditioning term for one batch item, from its published formula. */
    static double condition(PromptEmbeddings e, float[] timeIds) {
        double hidden = 0;
        for (float v : e.hidden()) {
            hidden += v;
        }
        double pooled = 0;
        for (float v : e.pooled()) {
            pooled += v;
        }
        double time = 0;
        for (int k = 0; k < 6; k++) {
            time += timeIds[k] * TinySdXl.TIME_WEIGHTS[k];
        }
        return TinySdXl.CONDITION_GAIN * (hidden / e.hidden().length + 0.1 * pooled / e.pooled().length + time);
    }

    float[] predict(TinySdXl.Options options, float[] x, double timestep, double guidance) throws Exception {
        try (Sessions s = new Sessions(TinySdXl.write(dir, options)); Lease unet = s.lease("unet")) {
            return new GuidedUnet(unet, negative, positive, GuidedUnet.timeIds(IMAGE_W, IMAGE_H), guidance)
                    .predict(x, timestep, null, H, W);
        }
    }

    @Test
    void timeIdsAreTheOriginalSizeNoCropAndTheTargetSizeHeightFirst() {
        assertThat(GuidedUnet.timeIds(1280, 720)).containsExactly(720, 1280, 0, 0, 720, 1280);
    }

    @Test
    void guidanceMovesFromTheNegativePredictionTowardsThePositiveOne() throws Exception {
        float[] x = latents();
        float[] guided = predict(TinySdXl.Options.standard(), x, 999, 3.5);

        float[] ids = {IMAGE_H, IMAGE_W, 0, 0, IMAGE_H, IMAGE_W};
        double uncondTerm = condition(negative, ids) + TinySdXl.TIMESTEP_GAIN * 999;
        double condTerm = condition(positive, ids) + TinySdXl.TIMESTEP_GAIN * 999;
        for (int i = 0; i < x.length; i++) {
            double uncond = TinySdXl.SAMPLE_GAIN * x[i] + uncondTerm;
            double cond = TinySdXl.SAMPLE_GAIN * x[i] + condTerm;
            assertThat((double) guided[i]).isCloseTo(uncond + 3.5 * (cond - uncond), within(1e-5));
        }
    }

    @Test
    void anExportWithABatchOfOneGetsTwoCallsAndTheSameNumbers() throws Exception {
        float[] x = latents();
        float[] paired = predict(TinySdXl.Options.standard(), x, 501, 4.0);
        float[] single = predict(TinySdXl.Options.standard().withBatchOfOne(), x, 501, 4.0);
        assertThat(single).containsExactly(paired, within(1e-6f));
    }

    @Test
    void anIntegerTimestepExportGetsTheRoundedTimestep() throws Exception {
        float[] x = latents();
        float[] intExport = predict(TinySdXl.Options.standard().withIntTimestep(), x, 980.6, 3.5);
        float[] at981 = predict(TinySdXl.Options.standard(), x, 981, 3.5);
        float[] at980 = predict(TinySdXl.Options.standard(), x, 980, 3.5);
        // one timestep moves every value by the tiny UNet's 1e-5 per timestep
        assertThat(intExport).containsExactly(at981, within(2e-6f));
        assertThat(Math.abs(intExport[0] - at980[0])).isGreaterThan(5e-6f);
    }

    @Test
    void aFloat16ExportGivesTheFloat32ResultToHalfPrecision() throws Exception {
        float[] x = latents();
        float[] full = predict(TinySdXl.Options.standard(), x, 741, 3.5);
        float[] half = predict(TinySdXl.Options.standard().withFp16(), x, 741, 3.5);
        for (int i = 0; i < x.length; i++) {
            // inputs and output each round to fp16 (11 significant bits), guidance amplifies the difference
            assertThat(half[i]).isCloseTo(full[i], within(0.02f + Math.abs(full[i]) * 0.01f));
        }
    }
}
