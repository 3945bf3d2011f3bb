package io.ddiffusion.schema.images;

import static io.ddiffusion.schema.common.ModelEntry.local;
import static io.ddiffusion.schema.common.ModelEntry.openAi;
import static io.ddiffusion.schema.common.ModelEntry.replicate;
import static io.ddiffusion.schema.images.ImageModel.Can.IMAGE_TO_IMAGE;
import static io.ddiffusion.schema.images.ImageModel.Can.INPAINTING;
import static io.ddiffusion.schema.images.ImageModel.Can.REFERENCES;
import static io.ddiffusion.schema.images.ImageModel.Can.TEXT_TO_IMAGE;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ddiffusion.schema.common.ModelEntry;
import io.ddiffusion.schema.common.ModelSpec;
import java.util.EnumSet;
import java.util.Set;

/**
 * The image model registry: every user-facing image model, who runs it and what it can do. Version-controlled in
 * code; the API's docs, queue routing, {@code /models} and the workers' handler registration all read this one table.
 */
public enum ImageModel implements ModelSpec {
    SD_XL(local("sd-xl", "Stable Diffusion XL (RealVisXL); fast and light."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING),
    FLUX_1(local("flux-1", "FLUX.1 dev (Krea) for text-to-image, Kontext for image-to-image, Fill for inpainting."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING),
    FLUX_2(local("flux-2", "FLUX.2 dev with editing and references."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING, REFERENCES),
    FLUX_2_KLEIN(local("flux-2-klein", "FLUX.2 Klein 9B, 4 steps."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING, REFERENCES),
    QWEN_IMAGE(local("qwen-image", "Qwen-Image generation and editing."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING, REFERENCES),
    Z_IMAGE(local("z-image", "Z-Image Turbo."), TEXT_TO_IMAGE),
    DEPTH_ANYTHING_2(local("depth-anything-2", "Depth estimation."), IMAGE_TO_IMAGE),
    SAM_2(local("sam-2", "SAM 2 segmentation; the prompt names what to segment."), IMAGE_TO_IMAGE),
    SAM_3(local("sam-3", "SAM 3 segmentation; the prompt names what to segment.").notInThisBuild(
            "not in this build: SAM 3 has no supported export yet (the original's was broken)"), IMAGE_TO_IMAGE),
    REAL_ESRGAN_X4(local("real-esrgan-x4", "Real-ESRGAN 4x upscaler."), Upscale.TIMES_4, IMAGE_TO_IMAGE),
    GPT_IMAGE_1(openAi("gpt-image-1", "OpenAI GPT Image."), TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING, REFERENCES),
    RUNWAY_GEN_4(replicate("runway-gen-4", "Runway Gen-4 image."), TEXT_TO_IMAGE, IMAGE_TO_IMAGE, REFERENCES),
    FLUX_1_PRO(replicate("flux-1-pro", "FLUX 1.1 Pro; Kontext Pro for image-to-image, Fill Pro for inpainting."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING),
    FLUX_2_PRO(replicate("flux-2-pro", "FLUX.2 Pro."), TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING, REFERENCES),
    TOPAZLABS_UPSCALE(replicate("topazlabs-upscale", "Topaz Labs upscaler."), IMAGE_TO_IMAGE),
    GEMINI_2(replicate("gemini-2", "Gemini 2.5 Flash Image (Nano Banana)."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, REFERENCES),
    GEMINI_3(replicate("gemini-3", "Gemini 3 Pro Image (Nano Banana Pro)."),
            TEXT_TO_IMAGE, IMAGE_TO_IMAGE, REFERENCES),
    SEEDREAM_4(replicate("seedream-4", "ByteDance Seedream 4.5."), TEXT_TO_IMAGE, IMAGE_TO_IMAGE, REFERENCES);

    /** What an image model can do; the request's capability rules and {@code /models} read these. */
    public enum Can { TEXT_TO_IMAGE, IMAGE_TO_IMAGE, INPAINTING, REFERENCES }

    /** How much larger than its input a model's output is; the API caps an upscaler's input by its output. */
    public enum Upscale {
        NONE(1),
        TIMES_4(4);

        private final int factor;

        Upscale(int factor) {
            this.factor = factor;
        }
    }

    private final ModelEntry entry;
    private final Upscale upscale;
    private final Set<Can> can;

    ImageModel(ModelEntry entry, Can first, Can... rest) {
        this(entry, Upscale.NONE, first, rest);
    }

    ImageModel(ModelEntry entry, Upscale upscale, Can first, Can... rest) {
        this.entry = entry;
        this.upscale = upscale;
        this.can = EnumSet.of(first, rest);
    }

    @Override
    public ModelEntry entry() {
        return entry;
    }

    @JsonValue
    @Override
    public String id() {
        return entry.id();
    }

    @JsonCreator
    public static ImageModel fromId(String id) {
        return ModelSpec.byId(values(), id, "image");
    }

    @Override
    public String domain() {
        return "images";
    }

    public boolean textToImage() {
        return can.contains(TEXT_TO_IMAGE);
    }

    public boolean imageToImage() {
        return can.contains(IMAGE_TO_IMAGE);
    }

    public boolean inpainting() {
        return can.contains(INPAINTING);
    }

    public boolean references() {
        return can.contains(REFERENCES);
    }

    /** Output side ÷ input side: 4 for a 4x upscaler, 1 for every other model. */
    public int outputScale() {
        return upscale.factor;
    }

    /**
     * The registry entry as {@code /models} shows it.
     *
     * @param unavailableReason why this installation cannot run it now, or null when it can
     */
    public ImagesModelInfo info(String unavailableReason) {
        return new ImagesModelInfo(external(), provider(), textToImage(), imageToImage(), inpainting(), references(),
                description(), unavailableReason == null, unavailableReason);
    }
}
