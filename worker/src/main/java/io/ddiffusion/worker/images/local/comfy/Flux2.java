package io.ddiffusion.worker.images.local.comfy;

import static io.ddiffusion.worker.comfy.ComfyFolder.DIFFUSION_MODELS;
import static io.ddiffusion.worker.comfy.ComfyFolder.TEXT_ENCODERS;
import static io.ddiffusion.worker.comfy.ComfyFolder.VAE;

import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.comfy.ComfyLink;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.comfy.ComfyNode;
import io.ddiffusion.worker.comfy.ComfyTemplates;
import io.ddiffusion.worker.media.Size;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code flux-2} (FLUX.2 dev) and {@code flux-2-klein} (FLUX.2 klein 9B distilled) on ComfyUI. One graph per model
 * serves every mode: text-to-image as it is; with pictures, each one encoded and chained onto the prompt by a
 * {@code ReferenceLatent} (up to three, as the original: {@code [image?, references…]}, or {@code [mask, image]}
 * with the original's inpainting prefix). The output has the working size floored to 16.
 *
 * <p>Settings. flux-2: the original ran 8 steps with fal's Turbo LoRA and guidance 2.5; no source we could read
 * records a ComfyUI file of that LoRA, so the base model runs with the official template's settings, its own (20
 * steps, FLUX.2 scheduler, euler, distilled guidance 4). flux-2-klein: the original's 4 steps and guidance 1, which
 * are also the distilled model's own and the template's (CFG 1 on a zeroed negative).
 */
public final class Flux2 {

    /** The working size is floored to this multiple (FLUX.2 latents are 16× smaller). */
    public static final int MULTIPLE = 16;
    /** At most this many pictures, as the original. */
    public static final int MAX_IMAGES = 3;

    private static final String DEV_REPO = "Comfy-Org/flux2-dev";
    private static final ComfyModelFile VAE_FILE = new ComfyModelFile("vae", VAE, DEV_REPO,
            "split_files/vae/flux2-vae.safetensors", "", Optional.empty(),
            Optional.of("d64f3a68e1cc4f9f4e29b6e0da38a0204fe9a49f2d4053f0ec1fa1ca02f9c4b5"), "SwarmUI");

    /** FLUX.2 dev, Comfy-Org's fp8-mixed repack with its Mistral 3 Small encoder (nothing recorded but the VAE). */
    public static final ComfyModel DEV = new ComfyModel("flux-2", "FLUX.2 dev (fp8 mixed) for ComfyUI", List.of(
            ComfyModelFile.unrecorded("diffusion_model", DIFFUSION_MODELS, DEV_REPO,
                    "split_files/diffusion_models/flux2_dev_fp8mixed.safetensors"),
            ComfyModelFile.unrecorded("text_encoder", TEXT_ENCODERS, DEV_REPO,
                    "split_files/text_encoders/mistral_3_small_flux2_bf16.safetensors"),
            VAE_FILE));

    /** FLUX.2 klein 9B distilled, BFL's fp8 file (gated), Comfy-Org's Qwen3 8B encoder, the FLUX.2 VAE. */
    public static final ComfyModel KLEIN = new ComfyModel("flux-2-klein", "FLUX.2 klein 9B (fp8) for ComfyUI",
            List.of(
                    ComfyModelFile.unrecorded("diffusion_model", DIFFUSION_MODELS,
                            "black-forest-labs/FLUX.2-klein-9b-fp8", "flux-2-klein-9b-fp8.safetensors"),
                    ComfyModelFile.unrecorded("text_encoder", TEXT_ENCODERS, "Comfy-Org/flux2-klein-9B",
                            "split_files/text_encoders/qwen_3_8b_fp8mixed.safetensors"),
                    VAE_FILE));

    /** The two models: their template and where the chain of references feeds in. */
    public enum Variant {
        DEV_MODEL("flux-2/dev.json", "guidance", "conditioning"),
        KLEIN_MODEL("flux-2/klein.json", "guider", "positive");

        private final String template;
        private final String conditioned;
        private final String input;

        Variant(String template, String conditioned, String input) {
            this.template = template;
            this.conditioned = conditioned;
            this.input = input;
        }

        /** The template's resource path under {@code comfy/}. */
        public String template() {
            return template;
        }

        /** The model whose files the template loads. */
        public ComfyModel model() {
            return this == DEV_MODEL ? DEV : KLEIN;
        }
    }

    private Flux2() {
    }

    /** The graph for this job on this model. Strength is ignored, as the original ignores it. */
    public static ComfyGraph graph(Variant variant, ComfyImageJob job) {
        List<String> pictures = job.pictures(variant.model().name(), MAX_IMAGES);
        Size size = job.size().floorToMultiple(MULTIPLE);
        ComfyGraph g = ComfyTemplates.load(variant.template())
                .set("prompt", "text", pictures.isEmpty() ? job.prompt() : job.editPrompt())
                .set("noise", "noise_seed", job.seed())
                .set("scheduler", "width", size.width())
                .set("scheduler", "height", size.height())
                .set("latent", "width", size.width())
                .set("latent", "height", size.height());
        ComfyLink conditioning = new ComfyLink(g.idOf("prompt"), 0);
        ComfyLink vae = new ComfyLink(g.idOf("vae"), 0);
        for (int i = 1; i <= pictures.size(); i++) {
            String load = "10" + i;
            String encode = "11" + i;
            String reference = "12" + i;
            g = g.with(load, new ComfyNode("LoadImage", "image_" + i, Map.of("image", pictures.get(i - 1))))
                    .with(encode, new ComfyNode("VAEEncode", "encode_" + i,
                            Map.of("pixels", new ComfyLink(load, 0), "vae", vae)))
                    .with(reference, new ComfyNode("ReferenceLatent", "reference_" + i,
                            Map.of("conditioning", conditioning, "latent", new ComfyLink(encode, 0))));
            conditioning = new ComfyLink(reference, 0);
        }
        return g.set(variant.conditioned, variant.input, conditioning);
    }
}
