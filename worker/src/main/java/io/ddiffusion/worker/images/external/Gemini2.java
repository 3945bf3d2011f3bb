package io.ddiffusion.worker.images.external;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gemini-2}: Gemini 2.5 Flash Image for text-to-image; with an input image or references, Nano Banana (the
 * same model under Google's other name on Replicate) with the image first, then the references.
 */
public final class Gemini2 implements ImageHandler {
    static final String TEXT_TO_IMAGE = "google/gemini-2.5-flash-image";
    static final String EDIT = "google/nano-banana";

    private final ReplicateClient client;

    public Gemini2(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public ImageModel model() {
        return ImageModel.GEMINI_2;
    }

    @Override
    public List<String> run(ImageContext c) throws Exception {
        var images = ImageInputs.imageThenReferences(c);
        if (images.isEmpty()) {
            return client.generateImage(TEXT_TO_IMAGE, textToImagePayload(c.prompt(), c.aspectRatio()), c.task());
        }
        List<String> encoded = ImageInputs.encode(client, images, EDIT, c);
        return client.generateImage(EDIT, editPayload(c.prompt(), encoded, ImageInputs.aspectRatio(c)), c.task());
    }

    static Map<String, Object> textToImagePayload(String prompt, String aspectRatio) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("output_format", "png");
        input.put("aspect_ratio", aspectRatio);
        return input;
    }

    /**
     * The original sent no aspect ratio for edits; nano-banana has since gained {@code aspect_ratio} with a default
     * of 1:1, so we send {@code match_input_image} (or the working size's ratio when only references are given).
     */
    static Map<String, Object> editPayload(String prompt, List<String> images, String aspectRatio) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("image_input", List.copyOf(images));
        input.put("output_format", "png");
        input.put("aspect_ratio", aspectRatio);
        return input;
    }
}
