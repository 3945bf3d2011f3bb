package io.ddiffusion.worker.images;

import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.runtime.TaskContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What an image handler works from, built before it runs: the request, its decoded inputs (RGB image, greyscale
 * mask resized to the image, references), the working size (the input image's, else the request's) and the task
 * context for progress, logs, cancellation and outputs.
 */
public record ImageContext(
        ImageRequest request,
        Optional<BufferedImage> image,
        Optional<BufferedImage> mask,
        List<BufferedImage> references,
        int width,
        int height,
        TaskContext<ImageRequest> task) {

    /** Orientation of the working size. */
    public enum Orientation {
        LANDSCAPE, PORTRAIT, SQUARE
    }

    public static ImageContext of(TaskContext<ImageRequest> task) throws IOException {
        ImageRequest r = task.request();
        Optional<BufferedImage> image = Optional.empty();
        if (task.inputs().get("image").isPresent()) {
            image = Optional.of(Images.decodeRgb(task.inputs().get("image").get().bytes()));
        }
        int width = image.map(BufferedImage::getWidth).orElse(r.width());
        int height = image.map(BufferedImage::getHeight).orElse(r.height());
        Optional<BufferedImage> mask = Optional.empty();
        if (task.inputs().get("mask").isPresent()) {
            BufferedImage m = Images.decodeGrey(task.inputs().get("mask").get().bytes());
            mask = Optional.of(m.getWidth() == width && m.getHeight() == height ? m : Images.resize(m, width,
                    height));
        }
        List<BufferedImage> refs = new java.util.ArrayList<>();
        for (var in : task.inputs().list("references[")) {
            refs.add(Images.decodeRgb(in.bytes()));
        }
        task.log("Context created " + r.model().id() + ", " + width + "x" + height);
        return new ImageContext(r, image, mask, List.copyOf(refs), width, height, task);
    }

    /** The prompt with runs of whitespace collapsed, as the original cleans it. */
    public String prompt() {
        return request.prompt().strip().replaceAll("\\s+", " ");
    }

    /**
     * The original's {@code ensure_divisible(n)}: the working size floored to multiples of {@code n}, the image and
     * mask centre-cropped to it (sd-xl needs multiples of 16).
     */
    public ImageContext ensureDivisible(int n) {
        Size size = new Size(width, height).floorToMultiple(n);
        return new ImageContext(request, image.map(i -> Images.centreCrop(i, size.width(), size.height())),
                mask.map(m -> Images.centreCrop(m, size.width(), size.height())), references, size.width(),
                size.height(), task);
    }

    public Orientation orientation() {
        return width > height ? Orientation.LANDSCAPE : width < height ? Orientation.PORTRAIT : Orientation.SQUARE;
    }

    /** {@code 16:9}, {@code 9:16} or {@code 1:1} by orientation, as most providers take it. */
    public String aspectRatio() {
        return switch (orientation()) {
            case LANDSCAPE -> "16:9";
            case PORTRAIT -> "9:16";
            case SQUARE -> "1:1";
        };
    }

    /** Stores {@code img} as the next PNG output; returns its storage key. */
    public String savePng(BufferedImage img) throws IOException {
        return task.writeOutput("png", new ByteArrayInputStream(Images.png(img)));
    }

    /** Stores image bytes in any readable format as the next PNG output. */
    public String savePng(byte[] encoded) throws IOException {
        return task.writeOutput("png", new ByteArrayInputStream(Images.toPng(encoded)));
    }
}
