package io.ddiffusion.worker.images.external;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code flux-2-pro}: one model for every mode. Image-to-image sends the image first and matches its aspect ratio;
 * inpainting has no mask field, so it sends [mask, image] and says in the prompt what the first image means;
 * references follow in both cases.
 */
public final class Flux2Pro implements ImageHandler {
    static final String MODEL = "black-forest-labs/flux-2-pro";
    /** The current schema takes at most 8 input images (an older version took 4). */
    static final int MAX_IMAGES = 8;
    static final String INPAINT_PREFIX = "Image 1 is a mask and image 2 is the picture to edit: change only the "
            + "part of image 2 under the white area of the mask, keep everything else as it is, and blend the change "
            + "in seamlessly. ";

    private final ReplicateClient client;

    public Flux2Pro(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public ImageModel model() {
        return ImageModel.FLUX_2_PRO;
    }

    @Override
    public List<String> run(ImageContext c) throws Exception {
        boolean inpaint = c.mask().isPresent() && c.image().isPresent();
        List<BufferedImage> images = new ArrayList<>();
        if (inpaint) {
            images.add(c.mask().get());
        }
        images.addAll(ImageInputs.imageThenReferences(c));
        ImageInputs.requireAtMost(MAX_IMAGES, images, c);
        List<String> encoded = ImageInputs.encode(client, images, MODEL, c);
        String prompt = inpaint ? INPAINT_PREFIX + c.prompt() : c.prompt();
        return client.generateImage(MODEL, payload(prompt, ImageInputs.aspectRatio(c), c.request().seed(), encoded),
                c.task());
    }

    /**
     * The original sent safety_tolerance 5.0; the schema types it as an integer (1–5), so we send 5.
     * {@code input_images} is left out when empty (its default).
     */
    static Map<String, Object> payload(String prompt, String aspectRatio, long seed, List<String> inputImages) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("resolution", "2 MP");
        input.put("aspect_ratio", aspectRatio);
        input.put("safety_tolerance", 5);
        input.put("output_format", "png");
        input.put("seed", seed);
        if (!inputImages.isEmpty()) {
            input.put("input_images", List.copyOf(inputImages));
        }
        return input;
    }
}
