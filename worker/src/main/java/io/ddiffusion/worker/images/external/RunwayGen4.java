package io.ddiffusion.worker.images.external;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runway-gen-4} (images): Gen-4 Image for text-to-image; with an input image or references, Gen-4 Image Turbo
 * with every image as a tagged reference ({@code image1} for the input image, {@code image2}… for references).
 */
public final class RunwayGen4 implements ImageHandler {
    static final String TEXT_TO_IMAGE = "runwayml/gen4-image";
    static final String WITH_REFERENCES = "runwayml/gen4-image-turbo";
    /** Runway takes up to 3 reference images, each with a width/height ratio between 0.5 and 2. */
    static final int MAX_REFERENCES = 3;
    static final double MIN_RATIO = 0.52;
    static final double MAX_RATIO = 1.98;

    private final ReplicateClient client;

    public RunwayGen4(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public ImageModel model() {
        return ImageModel.RUNWAY_GEN_4;
    }

    @Override
    public List<String> run(ImageContext c) throws Exception {
        List<BufferedImage> images = ImageInputs.imageThenReferences(c);
        if (images.isEmpty()) {
            return client.generateImage(TEXT_TO_IMAGE, textToImagePayload(c.prompt(), c.aspectRatio()), c.task());
        }
        ImageInputs.requireAtMost(MAX_REFERENCES, images, c);
        List<String> encoded = new ArrayList<>();
        for (BufferedImage img : images) {
            encoded.add(client.image(fitRatio(img), WITH_REFERENCES, c.task()));
        }
        return client.generateImage(WITH_REFERENCES, referencesPayload(c.prompt(), c.aspectRatio(), encoded,
                tags(c.image().isPresent(), c.references().size())), c.task());
    }

    static Map<String, Object> textToImagePayload(String prompt, String aspectRatio) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("aspect_ratio", aspectRatio);
        return input;
    }

    static Map<String, Object> referencesPayload(String prompt, String aspectRatio, List<String> images,
            List<String> tags) {
        Map<String, Object> input = textToImagePayload(prompt, aspectRatio);
        input.put("reference_images", List.copyOf(images));
        input.put("reference_tags", List.copyOf(tags));
        return input;
    }

    /** {@code image1} for the input image, then {@code image2}, {@code image3}… for references (as the original). */
    static List<String> tags(boolean hasImage, int references) {
        List<String> tags = new ArrayList<>();
        if (hasImage) {
            tags.add("image1");
        }
        for (int i = 0; i < references; i++) {
            tags.add("image" + (i + 2));
        }
        return tags;
    }

    /** Centre-crops {@code img} so its width/height ratio lies within [0.52, 1.98]; unchanged when it already does. */
    static BufferedImage fitRatio(BufferedImage img) {
        double ratio = img.getWidth() / (double) img.getHeight();
        if (ratio > MAX_RATIO) {
            return Images.centreCrop(img, (int) Math.floor(img.getHeight() * MAX_RATIO), img.getHeight());
        }
        if (ratio < MIN_RATIO) {
            return Images.centreCrop(img, img.getWidth(), (int) Math.floor(img.getWidth() / MIN_RATIO));
        }
        return img;
    }
}
