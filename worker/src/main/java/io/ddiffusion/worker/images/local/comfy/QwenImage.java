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

/**
 * {@code qwen-image} on ComfyUI: Qwen-Image for text-to-image; Qwen-Image-Edit-2509 for everything with images, as the
 * original routes them: the edit model sees up to three pictures, {@code [image?, references…]}, or for inpainting
 * {@code [mask, image]} with a prompt prefix telling it which is which.
 *
 * <p>Settings: the original ran Lightning-distilled Nunchaku transformers (8 steps, true CFG 1), which ComfyUI cannot
 * load without a custom node; the fp8 repacks run with the official templates' settings instead, the models' own
 * (text-to-image 20 steps, CFG 4, AuraFlow shift 3.5; edit 20 steps, CFG 2.5, shift 3, CFGNorm 1). The original's
 * text-to-image prompt suffix and its blank negative prompt are kept. The edit output has the working size floored
 * to 16 (an empty latent of that size: at full denoise the template's encoded first image only gave the size).
 */
public final class QwenImage {

    /** The working size is floored to this multiple (2×2 latent patches of an 8× VAE). */
    public static final int MULTIPLE = 16;
    /** The original appends this to text-to-image prompts. */
    public static final String TEXT_TO_IMAGE_SUFFIX = " Ultra HD, 4K, cinematic composition.";
    /** How many pictures the edit encoder takes ({@code image1..image3}). */
    public static final int MAX_IMAGES = 3;

    /** The text-to-image template. */
    public static final String TEXT_TO_IMAGE = "qwen-image/text-to-image.json";
    /** The edit template (image-to-image, references, inpainting). */
    public static final String EDIT = "qwen-image/edit.json";

    private static final String REPO = "Comfy-Org/Qwen-Image_ComfyUI";

    /**
     * Comfy-Org's fp8 repacks (the edit model's folder is taken from the repacks' common layout), the fp8 Qwen2.5-VL
     * encoder and the Qwen-Image VAE, whose sha256 and sizes are recorded.
     */
    public static final ComfyModel MODEL = new ComfyModel("qwen-image",
            "Qwen-Image + Qwen-Image-Edit-2509 (fp8) for ComfyUI", List.of(
                    ComfyModelFile.unrecorded("qwen_image", DIFFUSION_MODELS, REPO,
                            "split_files/diffusion_models/qwen_image_fp8_e4m3fn.safetensors"),
                    ComfyModelFile.unrecorded("qwen_image_edit", DIFFUSION_MODELS, "Comfy-Org/Qwen-Image-Edit_ComfyUI",
                            "split_files/diffusion_models/qwen_image_edit_2509_fp8_e4m3fn.safetensors"),
                    ComfyModelFile.recorded("text_encoder", TEXT_ENCODERS, REPO, "1f12b17b",
                            "split_files/text_encoders/qwen_2.5_vl_7b_fp8_scaled.safetensors", 9_384_670_680L,
                            "cb5636d852a0ea6a9075ab1bef496c0db7aef13c02350571e388aea959c5c0b4", "SwarmUI"),
                    ComfyModelFile.recorded("vae", VAE, REPO, "", "split_files/vae/qwen_image_vae.safetensors",
                            253_806_246L, "a70580f0213e67967ee9c95f05bb400e8fb08307e017a924bf3441223e023d1f",
                            "SwarmUI")));

    private QwenImage() {
    }

    /**
     * The graph for this job. Strength is ignored, as the original ignores it.
     *
     * @throws IllegalArgumentException when image, mask and references add up to more than three pictures
     */
    public static ComfyGraph graph(ComfyImageJob job) {
        Size size = job.size().floorToMultiple(MULTIPLE);
        List<String> pictures = job.pictures(MODEL.name(), MAX_IMAGES);
        if (pictures.isEmpty()) {
            return ComfyTemplates.load(TEXT_TO_IMAGE)
                    .set("prompt", "text", job.prompt() + TEXT_TO_IMAGE_SUFFIX)
                    .set("sampler", "seed", job.seed())
                    .set("latent", "width", size.width())
                    .set("latent", "height", size.height());
        }
        ComfyGraph g = ComfyTemplates.load(EDIT)
                .set("prompt", "prompt", job.editPrompt())
                .set("sampler", "seed", job.seed())
                .set("latent", "width", size.width())
                .set("latent", "height", size.height());
        for (int i = 1; i <= MAX_IMAGES; i++) {
            if (i <= pictures.size()) {
                g = g.set("image_" + i, "image", pictures.get(i - 1));
            } else {
                g = g.unset("prompt", "image" + i).unset("negative_prompt", "image" + i).without("image_" + i);
            }
        }
        return g;
    }
}
