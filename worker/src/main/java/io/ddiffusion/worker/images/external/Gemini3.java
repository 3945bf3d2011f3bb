package io.ddiffusion.worker.images.external;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gemini-3}: Nano Banana Pro (Gemini 3 Pro Image) for generation and for edits with up to 14 images. */
public final class Gemini3 implements ImageHandler {
    static final String MODEL = "google/nano-banana-pro";
    static final int MAX_IMAGES = 14;

    private final ReplicateClient client;

    public Gemini3(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public ImageModel model() {
        return ImageModel.GEMINI_3;
    }

    @Override
    public List<String> run(ImageContext c) throws Exception {
        var images = ImageInputs.imageThenReferences(c);
        ImageInputs.requireAtMost(MAX_IMAGES, images, c);
        return client.generateImage(MODEL, payload(c.prompt(), ImageInputs.encode(client, images, MODEL, c),
                ImageInputs.aspectRatio(c)), c.task());
    }

    /**
     * Text-to-image: prompt, output format and aspect ratio, as the original. Edits: the original sent no aspect
     * ratio and relied on the default ({@code match_input_image}); we send it explicitly, or the working size's
     * ratio when only references are given. Resolution stays at the default 2K.
     */
    static Map<String, Object> payload(String prompt, List<String> images, String aspectRatio) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        if (!images.isEmpty()) {
            input.put("image_input", List.copyOf(images));
        }
        input.put("output_format", "png");
        input.put("aspect_ratio", aspectRatio);
        return input;
    }
}
