package io.ddiffusion.worker.videos.local.comfy;

import io.ddiffusion.worker.media.Size;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a video workflow is built from: the request's values and the names under which the engine uploaded its inputs
 * to the sidecar ({@code subfolder/name} as {@code POST /upload/image} answered).
 *
 * @param prompt the cleaned prompt
 * @param seed the seed
 * @param size the working size (the first frame's when there is one), before the model caps and floors it
 * @param frames the requested number of frames
 * @param image the uploaded first frame, if any
 * @param lastImage the uploaded last frame, if any
 * @param video the uploaded input video, if any
 */
public record ComfyVideoJob(String prompt, long seed, Size size, int frames, Optional<String> image,
        Optional<String> lastImage, Optional<String> video) {

    public ComfyVideoJob {
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(size);
        if (frames < 1) {
            throw new IllegalArgumentException("at least one frame, not " + frames);
        }
        if (lastImage.isPresent() && image.isEmpty()) {
            throw new IllegalArgumentException("a last image needs an image");
        }
    }

    /**
     * A job from request values and the uploaded names keyed by the task's fields {@code image}, {@code last_image},
     * {@code video}.
     */
    public static ComfyVideoJob of(String prompt, long seed, Size size, int frames,
            Map<String, String> uploadedNames) {
        return new ComfyVideoJob(prompt, seed, size, frames, Optional.ofNullable(uploadedNames.get("image")),
                Optional.ofNullable(uploadedNames.get("last_image")), Optional.ofNullable(uploadedNames.get("video")));
    }

    /**
     * The original's local-video sizing: scaled down (both sides by √ratio, truncated) to at most {@code megapixels}
     * million pixels, then floored to multiples of {@code multiple}.
     */
    public Size workingSize(double megapixels, int multiple) {
        double pixels = (double) size.width() * size.height();
        double limit = megapixels * 1_000_000.0;
        Size capped = size;
        if (pixels > limit) {
            double scale = Math.sqrt(limit / pixels);
            capped = new Size((int) (size.width() * scale), (int) (size.height() * scale));
        }
        return capped.floorToMultiple(multiple);
    }

    /**
     * The original's {@code ensure_frames_divisible(n, k)}: {@code ((n − 1) / k) * k + 1}, the frame counts video VAEs
     * compressing {@code k} frames into one take (Wan and HunyuanVideo 4, LTX-Video 8).
     */
    public int framesPlusOne(int k) {
        return (frames - 1) / k * k + 1;
    }
}
