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
 * {@code z-image} on ComfyUI: Z-Image-Turbo, text-to-image only (as the registry allows).
 *
 * <p>Settings: the original's size floored to 16 and no guidance (CFG 1 here: the negative is never used); 8 steps,
 * which is what the original's 9 diffusers steps amount to (the model card: 9 steps give 8 transformer passes), with
 * the official template's res_multistep sampler and AuraFlow shift 3. The template's extra "safe for work" prompt is
 * left out: the original has none.
 */
public final class ZImage {

    /** The working size is floored to this multiple, as the original. */
    public static final int MULTIPLE = 16;
    /** The template graph. */
    public static final String TEMPLATE = "z-image/text-to-image.json";

    private static final String REPO = "Comfy-Org/z_image_turbo";

    /**
     * Comfy-Org's ComfyUI repack: the bf16 transformer (sha256 recorded, exact size not), the Qwen3 4B encoder
     * (sha256 recorded, size not) and the FLUX.1 {@code ae}, which {@code flux-1} shares.
     */
    public static final ComfyModel MODEL = new ComfyModel("z-image", "Z-Image-Turbo (bf16) for ComfyUI", List.of(
            new ComfyModelFile("diffusion_model", DIFFUSION_MODELS, REPO,
                    "split_files/diffusion_models/z_image_turbo_bf16.safetensors", "", Optional.empty(),
                    Optional.of("2407613050b809ffdff18a4ac99af83ea6b95443ecebdf80e064a79c825574a6"),
                    "a third-party file"),
            new ComfyModelFile("text_encoder", TEXT_ENCODERS, REPO, "split_files/text_encoders/qwen_3_4b.safetensors",
                    "", Optional.empty(),
                    Optional.of("6c671498573ac2f7a5501502ccce8d2b08ea6ca2f661c458e708f36b36edfc5a"),
                    "third-party files"),
            ComfyModelFile.recorded("vae", VAE, REPO, "08d04455", "split_files/vae/ae.safetensors", 335_304_388L,
                    "afc8e28272cd15db3919bacdb6918ce9c1ed22e96cb12c4d5ed0fba823529e38", "Dinkster, SwarmUI")));

    private ZImage() {
    }

    /** The graph for this job; inputs other than the prompt, seed and size are not allowed by the registry. */
    public static ComfyGraph graph(ComfyImageJob job) {
        if (job.image().isPresent() || !job.references().isEmpty()) {
            throw new IllegalArgumentException("z-image is text-to-image only");
        }
        Size size = job.size().floorToMultiple(MULTIPLE);
        return ComfyTemplates.load(TEMPLATE)
                .set("prompt", "text", job.prompt())
                .set("sampler", "seed", job.seed())
                .set("latent", "width", size.width())
                .set("latent", "height", size.height());
    }
}
