package io.ddiffusion.worker.images.external;

import io.ddiffusion.worker.providers.openai.OpenAiClient;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.ImageEdit;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.ImageGeneration;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code gpt-image-1}: OpenAI's GPT Image. Text-to-image goes to {@code /images/generations}; image-to-image,
 * references and inpainting go to {@code /images/edits} with the images [image?, references…] and, for inpainting,
 * the mask converted to OpenAI's form (transparent = change). The answer's base64 image is stored as PNG.
 */
public final class GptImage1 implements ImageHandler {
    /** The provider model, as the original calls it; {@code gpt-image-1.5} is in the current Images API reference. */
    static final String MODEL = "gpt-image-1.5";
    static final String QUALITY = "auto";

    private final OpenAiClient client;

    public GptImage1(OpenAiClient client) {
        this.client = client;
    }

    @Override
    public ImageModel model() {
        return ImageModel.GPT_IMAGE_1;
    }

    @Override
    public List<String> run(ImageContext ctx) throws Exception {
        client.requireKey();
        var token = ctx.task().cancellation();
        byte[] image;
        if (isEdit(ctx)) {
            ImageEdit edit = edit(ctx);
            ctx.task().log("openai " + MODEL + ": " + (edit.mask().isPresent() ? "inpainting" : "edit") + " with "
                    + edit.images().size() + " image(s) at " + edit.size());
            image = client.editImage(edit, token);
        } else {
            ImageGeneration generation = generation(ctx);
            ctx.task().log("openai " + MODEL + ": text-to-image at " + generation.size());
            image = client.generateImage(generation, token);
        }
        ctx.task().progress(1, 1);
        return List.of(ctx.savePng(image));
    }

    /** Any input image (the image to change, or references) makes it an edit. */
    static boolean isEdit(ImageContext ctx) {
        return ctx.image().isPresent() || !ctx.references().isEmpty();
    }

    /** The output size GPT Image supports closest to the working size's orientation. */
    static String size(ImageContext.Orientation orientation) {
        return switch (orientation) {
            case LANDSCAPE -> "1536x1024";
            case PORTRAIT -> "1024x1536";
            case SQUARE -> "1024x1024";
        };
    }

    static ImageGeneration generation(ImageContext ctx) {
        return new ImageGeneration(MODEL, ctx.prompt(), size(ctx.orientation()), QUALITY);
    }

    /** Images in order [image?, references…]; the mask (inpainting) applies to the first, the image itself. */
    static ImageEdit edit(ImageContext ctx) {
        List<byte[]> images = new ArrayList<>();
        ctx.image().ifPresent(img -> images.add(Images.png(img)));
        for (BufferedImage ref : ctx.references()) {
            images.add(Images.png(ref));
        }
        Optional<byte[]> mask = ctx.image().isPresent()
                ? ctx.mask().map(m -> Images.png(Images.openAiMask(m)))
                : Optional.empty();
        return new ImageEdit(MODEL, ctx.prompt(), size(ctx.orientation()), QUALITY, images, mask);
    }
}
