package io.ddiffusion.bench.local;

import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.images.local.depth.DepthAnything2;
import io.ddiffusion.worker.images.local.depth.DepthPngBits;
import io.ddiffusion.worker.images.local.esrgan.RealEsrganX4;
import io.ddiffusion.worker.images.local.sam.Sam2;
import io.ddiffusion.worker.images.local.sdxl.SdXl;
import io.ddiffusion.worker.images.local.sdxl.SdXlSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The task each pipeline runs, with handlers configured as the worker configures them ({@code LocalImageHandlers}:
 * the same environment variables), except sd-xl's step count, which the benchmark chooses.
 */
final class BenchCases {
    static final String SDXL_PROMPT = "a photograph of a red ball on green grass under a blue sky";
    /** The tiny detector reports its box for the token at position 2, "cat" in "[CLS] a cat . [SEP]". */
    static final String TINY_SAM_PROMPT = "a cat";

    private BenchCases() {
    }

    static BenchCase of(String model, LocalBenchOptions o, LocalPipelineSettings p) throws IOException {
        return switch (model) {
            case "sd-xl" -> sdxl(o, p);
            case "depth-anything-2" -> {
                DepthPngBits bits = DepthPngBits.parse(String.valueOf(p.depthPngBits()));
                yield new BenchCase(model, "1920×1080 image → " + bits.bits() + "-bit depth PNG",
                        request(ImageModel.DEPTH_ANYTHING_2, null), image(1920, 1080),
                        runtime -> new DepthAnything2(runtime, bits));
            }
            case "real-esrgan-x4" -> {
                var settings = new RealEsrganX4.Settings(p.esrganTileSize(), p.esrganTileOverlap(),
                        p.esrganMaxOutputPixels());
                yield new BenchCase(model, "512×512 → 2048×2048, export's fixed 128 px tiles, overlap "
                        + settings.overlap() + " px", request(ImageModel.REAL_ESRGAN_X4, null), image(512, 512),
                        runtime -> new RealEsrganX4(runtime, settings));
            }
            case "sam-2" -> sam(o);
            default -> throw new IllegalArgumentException("no benchmark for " + model);
        };
    }

    private static BenchCase sdxl(LocalBenchOptions o, LocalPipelineSettings p) {
        SdXlSettings settings = SdXlSettings.defaults().withSteps(o.sdxlSteps())
                .withScheduler(SdXlSettings.parseScheduler(p.sdxlScheduler()));
        ImageRequest request = new ImageRequest(ImageModel.SD_XL, SDXL_PROMPT, 1024, 1024, 42L, 0.5, null, null,
                null);
        return new BenchCase("sd-xl", "text-to-image 1024×1024 (128×128 latents, CFG batch of 2), "
                + settings.steps() + " steps, " + settings.scheduler(), request, Map.of(),
                runtime -> new SdXl(runtime, settings));
    }

    private static BenchCase sam(LocalBenchOptions o) throws IOException {
        boolean tiny = o.mode() == LocalBenchOptions.Mode.TINY;
        String prompt = tiny ? TINY_SAM_PROMPT : o.samPrompt();
        byte[] image = o.samImage().isPresent() && !tiny ? Files.readAllBytes(o.samImage().get())
                : BenchPictures.scene(1024, 768);
        String source = o.samImage().isPresent() && !tiny ? o.samImage().get().getFileName().toString()
                : "1024×768 image";
        return new BenchCase("sam-2", source + ", prompt '" + prompt + "'" + (tiny ? ", one box" : ""),
                request(ImageModel.SAM_2, prompt), Map.of("image", image), Sam2::new);
    }

    private static ImageRequest request(ImageModel model, String prompt) {
        return new ImageRequest(model, prompt, null, null, null, null, null, null, null);
    }

    private static Map<String, byte[]> image(int width, int height) {
        return Map.of("image", BenchPictures.scene(width, height));
    }
}
