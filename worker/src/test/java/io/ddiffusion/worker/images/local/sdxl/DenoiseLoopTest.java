package io.ddiffusion.worker.images.local.sdxl;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.local.diffusion.GaussianNoise;
import io.ddiffusion.worker.images.local.diffusion.Scheduler;
import io.ddiffusion.worker.images.local.diffusion.SchedulerConfig;
import io.ddiffusion.worker.images.local.diffusion.SchedulerKind;
import io.ddiffusion.worker.images.local.diffusion.StepPlan;
import io.ddiffusion.worker.models.onnx.ModelResidency.Lease;
import io.ddiffusion.worker.testing.FakeTaskContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoiseLoopTest {
    static final int W = 4;
    static final int H = 3;

    @TempDir
    Path dir;

    static PromptEmbeddings flat(float value) {
        int width = TinySdXl.WIDTH_1 + TinySdXl.WIDTH_2;
        float[] hidden = new float[77 * width];
        java.util.Arrays.fill(hidden, value);
        float[] pooled = new float[TinySdXl.WIDTH_2];
        java.util.Arrays.fill(pooled, value);
        return new PromptEmbeddings(hidden, 77, width, pooled);
    }

    @Test
    void inpaintingKeepsTheImageLatentsOutsideTheMaskAndRepaintsInside() throws Exception {
        GaussianNoise random = new GaussianNoise(3);
        float[] imageLatents = random.next(4 * W * H);
        float[] noise = random.next(4 * W * H);
        float[] latentMask = new float[W * H];
        latentMask[1 * W + 2] = 1f;
        latentMask[2 * W + 3] = 1f;
        for (SchedulerKind kind : SchedulerKind.values()) {
            Scheduler scheduler = kind.create(SchedulerConfig.sdxl(), new StepPlan(10, 0.95), random);
            float[] latents = scheduler.addNoise(imageLatents, noise, 0);
            var task = FakeTaskContext.of("images.sd-xl", new ImageRequest(ImageModel.SD_XL, "x", 64, 64, 1L, 0.5,
                    null, null, null), dir.resolve("storage"), Map.of());
            try (Sessions s = new Sessions(TinySdXl.write(dir, TinySdXl.Options.standard()));
                    Lease unet = s.lease("unet")) {
                GuidedUnet guided = new GuidedUnet(unet, flat(0.1f), flat(0.3f), GuidedUnet.timeIds(32, 24), 4.0);
                DenoiseLoop.run(scheduler, latents, guided, null,
                        new DenoiseLoop.KnownRegion(imageLatents, noise, latentMask), W, H, task);
            }

            assertThat(task.progressSteps()).hasSize(9);
            for (int i = 0; i < latents.length; i++) {
                if (latentMask[i % (W * H)] == 0f) {
                    assertThat(latents[i]).as(kind + " kept latent %d", i).isEqualTo(imageLatents[i]);
                } else {
                    assertThat(latents[i]).as(kind + " repainted latent %d", i).isNotEqualTo(imageLatents[i]);
                }
            }
        }
    }
}
