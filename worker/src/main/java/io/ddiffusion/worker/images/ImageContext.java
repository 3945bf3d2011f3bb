package io.ddiffusion.worker.images;

import io.ddiffusion.core.media.ImageDimensions;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.media.Size;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskInputs;
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
        return of(task, Long.MAX_VALUE);
    }

    /**
     * The context for a model that uses at most {@code maxInputPixels} of an input image: a larger one is read
     * downscaled ({@link Images#decodeRgb(byte[], long)}) and the mask is fitted to it, while the working size stays
     * the size the input declares (what the output should have).
     */
    public static ImageContext of(TaskContext<ImageRequest> task, long maxInputPixels) throws IOException {
        ImageRequest r = task.request();
        Optional<BufferedImage> image = Optional.empty();
        int width = r.width();
        int height = r.height();
        Optional<TaskInputs.Input> input = task.inputs().get("image");
        if (input.isPresent()) {
            BufferedImage decoded = Images.decodeRgb(input.get().bytes(), maxInputPixels);
            image = Optional.of(decoded);
            Optional<ImageDimensions> declared = input.get().dimensions();
            width = declared.map(ImageDimensions::width).orElse(decoded.getWidth());
            height = declared.map(ImageDimensions::height).orElse(decoded.getHeight());
        }
        int maskWidth = image.map(BufferedImage::getWidth).orElse(width);
        int maskHeight = image.map(BufferedImage::getHeight).orElse(height);
        Optional<BufferedImage> mask = Optional.empty();
        if (task.inputs().get("mask").isPresent()) {
            BufferedImage m = Images.decodeGrey(task.inputs().get("mask").get().bytes());
            mask = Optional.of(m.getWidth() == maskWidth && m.getHeight() == maskHeight ? m : Images.resize(m,
                    maskWidth, maskHeight));
        }
        List<BufferedImage> refs = new java.util.ArrayList<>();
        for (var in : task.inputs().list("references[")) {
            refs.add(Images.decodeRgb(in.bytes(), maxInputPixels));
        }
        task.log("Context created " + r.model().id() + ", " + width + "x" + height + (maskWidth == width
                && maskHeight == height ? "" : " (read at " + maskWidth + "x" + maskHeight + ")"));
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
