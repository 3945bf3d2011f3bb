package io.ddiffusion.worker.images.local.comfy;

import io.ddiffusion.worker.media.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an image workflow is built from: the request's values and the names under which the engine uploaded its inputs
 * to the sidecar ({@code subfolder/name} as {@code POST /upload/image} answered).
 *
 * @param prompt the cleaned prompt
 * @param seed the seed
 * @param strength the request's strength, 0..1
 * @param size the working size (the input image's when there is one), before the model floors it
 * @param image the uploaded input image, if any
 * @param mask the uploaded mask (greyscale, white = repaint), if any
 * @param references the uploaded reference images, in request order
 */
public record ComfyImageJob(String prompt, long seed, double strength, Size size, Optional<String> image,
        Optional<String> mask, List<String> references) {

    public ComfyImageJob {
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(size);
        references = List.copyOf(references);
        if (mask.isPresent() && image.isEmpty()) {
            throw new IllegalArgumentException("a mask needs an image");
        }
    }

    /**
     * The original's inpainting trick for edit models that take several pictures: the mask goes first, the image
     * second, and the prompt starts with this.
     */
    public static final String INPAINT_PREFIX =
            "use image 1 as the mask region, image 2 as base, alter only the mask, blend seamlessly. ";

    /**
     * The pictures an edit model sees, in the original's order: {@code [mask, image]} when inpainting, else
     * {@code [image?]}, then the references.
     *
     * @throws IllegalArgumentException when they are more than the model takes
     */
    public List<String> pictures(String model, int max) {
        List<String> pictures = new ArrayList<>();
        mask.ifPresent(pictures::add);
        image.ifPresent(pictures::add);
        pictures.addAll(references);
        if (pictures.size() > max) {
            throw new IllegalArgumentException(model + " edits with at most " + max + " pictures (image, mask and"
                    + " references together), not " + pictures.size());
        }
        return pictures;
    }

    /** The prompt an edit model gets: with {@link #INPAINT_PREFIX} when inpainting. */
    public String editPrompt() {
        return mask.isPresent() ? INPAINT_PREFIX + prompt : prompt;
    }

    /**
     * A job from request values and the uploaded names keyed by the task's input fields: {@code image},
     * {@code mask}, {@code references[0]}, {@code references[1]}…
     */
    public static ComfyImageJob of(String prompt, long seed, double strength, Size size,
            Map<String, String> uploadedNames) {
        var refs = new TreeMap<Integer, String>();
        uploadedNames.forEach((field, name) -> {
            if (field.startsWith("references[") && field.endsWith("]")) {
                refs.put(Integer.parseInt(field.substring("references[".length(), field.length() - 1)), name);
            }
        });
        return new ComfyImageJob(prompt, seed, strength, size, Optional.ofNullable(uploadedNames.get("image")),
                Optional.ofNullable(uploadedNames.get("mask")), new ArrayList<>(refs.values()));
    }
}
