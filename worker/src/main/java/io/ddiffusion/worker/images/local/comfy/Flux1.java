package io.ddiffusion.worker.images.local.comfy;

import static io.ddiffusion.worker.comfy.ComfyFolder.DIFFUSION_MODELS;
import static io.ddiffusion.worker.comfy.ComfyFolder.TEXT_ENCODERS;
import static io.ddiffusion.worker.comfy.ComfyFolder.VAE;

import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.comfy.ComfyTemplates;
import io.ddiffusion.worker.media.Size;
import java.util.List;
import java.util.Optional;

/**
 * {@code flux-1} on ComfyUI: FLUX.1 Krea dev for text-to-image, Kontext dev for image-to-image, Fill dev for
 * inpainting (the original's three pipelines), one graph each in {@code comfy/flux-1/}.
 *
 * <p>Settings: the original's 30 steps for all three (the templates use 20); its distilled guidance 2.5 for Krea and
 * 30 for Fill; for Kontext 2.5, the value of the official Kontext template and BFL's recommendation, over the
 * original's 2.0. The true CFG stays 1 (FLUX dev is guidance-distilled), so the negative is the zeroed prompt.
 * Kontext ignores strength, as the original does; Fill denoises by the request's strength, as the original does.
 */
public final class Flux1 {

    /** The working size is floored to this multiple (FLUX packs 2×2 latent patches of an 8× VAE). */
    public static final int MULTIPLE = 16;

    private static final String TEXT_ENCODERS_REPO = "comfyanonymous/flux_text_encoders";

    /**
     * The files. Krea and Kontext are Comfy-Org's fp8 repacks (the original ran Nunchaku int4/fp4 transformers, which
     * ComfyUI cannot load without a custom node); Fill is BFL's own bf16 file (gated), the one copy whose sha256 is
     * recorded. One T5 (fp16) serves all three modes; the VAE is the FLUX.1 {@code ae} as repacked in
     * Comfy-Org/z_image_turbo (same sha256 as BFL's), shared with {@code z-image}.
     */
    public static final ComfyModel MODEL = new ComfyModel("flux-1",
            "FLUX.1 Krea dev + Kontext dev (fp8) + Fill dev (bf16) for ComfyUI", List.of(
                    ComfyModelFile.unrecorded("krea_dev", DIFFUSION_MODELS, "Comfy-Org/FLUX.1-Krea-dev_ComfyUI",
                            "split_files/diffusion_models/flux1-krea-dev_fp8_scaled.safetensors"),
                    ComfyModelFile.unrecorded("kontext_dev", DIFFUSION_MODELS, "Comfy-Org/flux1-kontext-dev_ComfyUI",
                            "split_files/diffusion_models/flux1-dev-kontext_fp8_scaled.safetensors"),
                    new ComfyModelFile("fill_dev", DIFFUSION_MODELS, "black-forest-labs/FLUX.1-Fill-dev",
                            "flux1-fill-dev.safetensors", "358293da", Optional.empty(),
                            Optional.of("03e289f530df51d014f48e675a9ffa2141bc003259bf5f25d75b957e920a41ca"),
                            "a third-party file, whose size has a typo"),
                    ComfyModelFile.recorded("clip_l", TEXT_ENCODERS, TEXT_ENCODERS_REPO, "6af2a98e",
                            "clip_l.safetensors", 246_144_152L,
                            "660c6f5b1abae9dc498ac2d21e1347d2abdb0cf6c0c0c8576cd796491d9a6cdd", "Dinkster, SwarmUI"),
                    ComfyModelFile.recorded("t5xxl", TEXT_ENCODERS, TEXT_ENCODERS_REPO, "6af2a98e",
                            "t5xxl_fp16.safetensors", 9_787_841_024L,
                            "6e480b09fae049a72d2a8c5fbccb8d3e92febeb233bbe9dfe7256958a9167635", "Dinkster"),
                    ComfyModelFile.recorded("vae", VAE, "Comfy-Org/z_image_turbo", "08d04455",
                            "split_files/vae/ae.safetensors", 335_304_388L,
                            "afc8e28272cd15db3919bacdb6918ce9c1ed22e96cb12c4d5ed0fba823529e38", "Dinkster, SwarmUI")));

    /** The three pipelines of the original, chosen by the inputs present. */
    public enum Mode {
        TEXT_TO_IMAGE("flux-1/text-to-image.json"),
        IMAGE_TO_IMAGE("flux-1/image-to-image.json"),
        INPAINTING("flux-1/inpainting.json");

        private final String template;

        Mode(String template) {
            this.template = template;
        }

        /** The template's resource path under {@code comfy/}. */
        public String template() {
            return template;
        }
    }

    private Flux1() {
    }

    /** A mask means inpainting, an image without one image-to-image, neither text-to-image (as the original). */
    public static Mode mode(ComfyImageJob job) {
        return job.mask().isPresent() ? Mode.INPAINTING
                : job.image().isPresent() ? Mode.IMAGE_TO_IMAGE : Mode.TEXT_TO_IMAGE;
    }

    /**
     * The graph for this job. The engine uploads the image and mask already centre-cropped to the floored working
     * size ({@code ImageContext.ensureDivisible(MULTIPLE)}), the mask as a greyscale PNG whose red channel the
     * graph reads (white = repaint).
     */
    public static ComfyGraph graph(ComfyImageJob job) {
        Mode mode = mode(job);
        ComfyGraph g = ComfyTemplates.load(mode.template())
                .set("prompt", "text", job.prompt())
                .set("sampler", "seed", job.seed());
        return switch (mode) {
            case TEXT_TO_IMAGE -> {
                Size size = job.size().floorToMultiple(MULTIPLE);
                yield g.set("latent", "width", size.width()).set("latent", "height", size.height());
            }
            case IMAGE_TO_IMAGE -> g.set("image", "image", job.image().orElseThrow());
            case INPAINTING -> g.set("image", "image", job.image().orElseThrow())
                    .set("mask", "image", job.mask().orElseThrow())
                    .set("sampler", "denoise", job.strength());
        };
    }
}
