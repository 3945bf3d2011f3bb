package io.ddiffusion.schema.images;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Provider;

/**
 * The image model registry: every user-facing image model, who runs it and what it can do. Version-controlled in
 * code; the API's docs, queue routing and {@code /models} all read this one table.
 */
public enum ImageModel implements ModelSpec {
    SD_XL("sd-xl", Provider.LOCAL, true, true, true, false, "Stable Diffusion XL (RealVisXL); fast and light."),
    FLUX_1("flux-1", Provider.LOCAL, true, true, true, false,
            "FLUX.1 dev (Krea) for text-to-image, Kontext for image-to-image, Fill for inpainting."),
    FLUX_2("flux-2", Provider.LOCAL, true, true, true, true, "FLUX.2 dev with editing and references."),
    FLUX_2_KLEIN("flux-2-klein", Provider.LOCAL, true, true, true, true, "FLUX.2 Klein 9B, 4 steps."),
    QWEN_IMAGE("qwen-image", Provider.LOCAL, true, true, true, true, "Qwen-Image generation and editing."),
    Z_IMAGE("z-image", Provider.LOCAL, true, false, false, false, "Z-Image Turbo."),
    DEPTH_ANYTHING_2("depth-anything-2", Provider.LOCAL, false, true, false, false, "Depth estimation."),
    SAM_2("sam-2", Provider.LOCAL, false, true, false, false,
            "SAM 2 segmentation; the prompt names what to segment."),
    SAM_3("sam-3", Provider.LOCAL, false, true, false, false, "SAM 3 segmentation; the prompt names what to segment."),
    REAL_ESRGAN_X4("real-esrgan-x4", Provider.LOCAL, false, true, false, false, "Real-ESRGAN 4x upscaler."),
    GPT_IMAGE_1("gpt-image-1", Provider.OPENAI, true, true, true, true, "OpenAI GPT Image."),
    RUNWAY_GEN_4("runway-gen-4", Provider.REPLICATE, true, true, false, true, "Runway Gen-4 image."),
    FLUX_1_PRO("flux-1-pro", Provider.REPLICATE, true, true, true, false,
            "FLUX 1.1 Pro; Kontext Pro for image-to-image, Fill Pro for inpainting."),
    FLUX_2_PRO("flux-2-pro", Provider.REPLICATE, true, true, true, true, "FLUX.2 Pro."),
    TOPAZLABS_UPSCALE("topazlabs-upscale", Provider.REPLICATE, false, true, false, false, "Topaz Labs upscaler."),
    GEMINI_2("gemini-2", Provider.REPLICATE, true, true, false, true, "Gemini 2.5 Flash Image (Nano Banana)."),
    GEMINI_3("gemini-3", Provider.REPLICATE, true, true, false, true, "Gemini 3 Pro Image (Nano Banana Pro)."),
    SEEDREAM_4("seedream-4", Provider.REPLICATE, true, true, false, true, "ByteDance Seedream 4.5.");

    private final String id;
    private final Provider provider;
    private final boolean textToImage;
    private final boolean imageToImage;
    private final boolean inpainting;
    private final boolean references;
    private final String description;

    ImageModel(String id, Provider provider, boolean textToImage, boolean imageToImage, boolean inpainting,
            boolean references, String description) {
        this.id = id;
        this.provider = provider;
        this.textToImage = textToImage;
        this.imageToImage = imageToImage;
        this.inpainting = inpainting;
        this.references = references;
        this.description = description;
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    @JsonCreator
    public static ImageModel fromId(String id) {
        for (ImageModel m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown image model '" + id + "'; expected one of: "
                + java.util.Arrays.stream(values()).map(ImageModel::id).collect(java.util.stream.Collectors.joining(", ")));
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String domain() {
        return "images";
    }

    public boolean textToImage() {
        return textToImage;
    }

    public boolean imageToImage() {
        return imageToImage;
    }

    public boolean inpainting() {
        return inpainting;
    }

    public boolean references() {
        return references;
    }

    /**
     * The registry entry as {@code /models} shows it.
     *
     * @param unavailableReason why this installation cannot run it now, or null when it can
     */
    public ImagesModelInfo info(String unavailableReason) {
        return new ImagesModelInfo(external(), provider, textToImage, imageToImage, inpainting, references,
                description, unavailableReason == null, unavailableReason);
    }
}
