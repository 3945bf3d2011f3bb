package io.ddiffusion.worker.images.external;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code seedream-4}: ByteDance Seedream 4.5 at 2K, one image, the input image and references as image inputs. */
public final class Seedream4 implements ImageHandler {
    static final String MODEL = "bytedance/seedream-4.5";
    /** The schema takes 1–14 input images. */
    static final int MAX_IMAGES = 14;

    private final ReplicateClient client;

    public Seedream4(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public ImageModel model() {
        return ImageModel.SEEDREAM_4;
    }

    @Override
    public List<String> run(ImageContext c) throws Exception {
        var images = ImageInputs.imageThenReferences(c);
        ImageInputs.requireAtMost(MAX_IMAGES, images, c);
        // the output is a list of URLs even for one image: generateImage keeps the first
        return client.generateImage(MODEL, payload(c.prompt(), ImageInputs.aspectRatio(c),
                ImageInputs.encode(client, images, MODEL, c)), c.task());
    }

    /**
     * The original also sent {@code enhance_prompt: false}, a Seedream 4.0 field that the 4.5 schema no longer has;
     * it is left out. {@code image_input} is left out when empty (its default).
     */
    static Map<String, Object> payload(String prompt, String aspectRatio, List<String> images) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("size", "2K");
        input.put("aspect_ratio", aspectRatio);
        input.put("sequential_image_generation", "disabled");
        input.put("max_images", 1);
        if (!images.isEmpty()) {
            input.put("image_input", List.copyOf(images));
        }
        return input;
    }
}
