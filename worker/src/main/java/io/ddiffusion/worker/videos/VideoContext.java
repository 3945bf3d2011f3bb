package io.ddiffusion.worker.videos;

import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskInputs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a video handler works from: the request, the decoded first and last frames, the input video as stored, the
 * working size (the first frame's, else the request's) and the task context.
 */
public record VideoContext(
        VideoRequest request,
        Optional<BufferedImage> image,
        Optional<BufferedImage> lastImage,
        Optional<TaskInputs.Input> video,
        int width,
        int height,
        TaskContext<VideoRequest> task) {

    public static VideoContext of(TaskContext<VideoRequest> task) throws IOException {
        VideoRequest r = task.request();
        Optional<BufferedImage> image = decode(task, "image");
        Optional<BufferedImage> last = decode(task, "last_image");
        int width = image.map(BufferedImage::getWidth).orElse(r.width());
        int height = image.map(BufferedImage::getHeight).orElse(r.height());
        task.log("Context created " + r.model().id() + ", " + width + "x" + height);
        return new VideoContext(r, image, last, task.inputs().get("video"), width, height, task);
    }

    private static Optional<BufferedImage> decode(TaskContext<VideoRequest> task, String field) throws IOException {
        var in = task.inputs().get(field);
        return in.isPresent() ? Optional.of(Images.decodeRgb(in.get().bytes())) : Optional.empty();
    }

    public String prompt() {
        return request.prompt().strip().replaceAll("\\s+", " ");
    }

    /** ⌊frames / 24⌋ seconds, at least 1, as the original converts frames for providers. */
    public int durationSeconds() {
        return Math.max(1, request.numFrames() / 24);
    }

    public String aspectRatio() {
        return width > height ? "16:9" : width < height ? "9:16" : "1:1";
    }

    public double megapixels() {
        return width * (double) height / 1_000_000.0;
    }

    /** Stores a video file (consumed) as the next MP4 output. */
    public String saveMp4(Path file) throws IOException {
        return task.writeOutputFile("mp4", file);
    }
}
