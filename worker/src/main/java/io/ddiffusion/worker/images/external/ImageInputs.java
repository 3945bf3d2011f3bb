package io.ddiffusion.worker.images.external;

import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** What the multi-image models share: the input image then the references, within the provider's limit. */
final class ImageInputs {
    private ImageInputs() {
    }

    /** The input image (if any) followed by the references. */
    static List<BufferedImage> imageThenReferences(ImageContext c) {
        List<BufferedImage> images = new ArrayList<>();
        c.image().ifPresent(images::add);
        images.addAll(c.references());
        return images;
    }

    /** Fails before any call when the model takes fewer images than given. */
    static void requireAtMost(int max, List<?> images, ImageContext c) {
        if (images.size() > max) {
            throw new IllegalArgumentException("Model '" + c.request().model().id() + "' takes at most " + max
                    + " images (input image and references together); got " + images.size() + ".");
        }
    }

    /** Each image as a file input for {@code model}. */
    static List<String> encode(ReplicateClient client, List<BufferedImage> images, String model, ImageContext c)
            throws TaskCancelledException {
        List<String> out = new ArrayList<>();
        for (BufferedImage img : images) {
            out.add(client.image(img, model, c.task()));
        }
        return out;
    }

    /** {@code match_input_image} when there is an input image, else 16:9 / 9:16 / 1:1 by the working size. */
    static String aspectRatio(ImageContext c) {
        return c.image().isPresent() ? "match_input_image" : c.aspectRatio();
    }
}
