package io.ddiffusion.worker.videos.external;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runway-gen-4} (videos): Gen-4 Turbo for image-to-video, Gen-4 Aleph for video-to-video (the image, if given,
 * becomes Aleph's reference image). Text-to-video is not offered (the registry says so; validation rejects it).
 */
public final class RunwayGen4 implements VideoHandler {
    static final String IMAGE_TO_VIDEO = "runwayml/gen4-turbo";
    static final String VIDEO_TO_VIDEO = "runwayml/gen4-aleph";

    private final ReplicateClient client;

    public RunwayGen4(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public VideoModel model() {
        return VideoModel.RUNWAY_GEN_4;
    }

    @Override
    public List<String> run(VideoContext c) throws Exception {
        if (c.video().isPresent()) {
            String video = client.video(c.video().get(), VIDEO_TO_VIDEO, c.task());
            String reference = client.image(c.image(), VIDEO_TO_VIDEO, c.task());
            return client.generateVideo(VIDEO_TO_VIDEO, videoToVideoPayload(c.prompt(), c.request().seed(),
                    c.aspectRatio(), video, reference), c.task());
        }
        var image = c.image().orElseThrow(() -> new IllegalArgumentException(
                "Model 'runway-gen-4' needs an image or a video."));
        return client.generateVideo(IMAGE_TO_VIDEO, imageToVideoPayload(c.prompt(), c.request().seed(),
                c.aspectRatio(), c.durationSeconds(), client.image(image, IMAGE_TO_VIDEO, c.task())), c.task());
    }

    static Map<String, Object> imageToVideoPayload(String prompt, long seed, String aspectRatio, int seconds,
            String image) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("seed", seed);
        input.put("aspect_ratio", aspectRatio);
        input.put("duration", Durations.fiveOrTen(seconds));
        input.put("image", image);
        return input;
    }

    /** {@code referenceImage} may be null (left out). */
    static Map<String, Object> videoToVideoPayload(String prompt, long seed, String aspectRatio, String video,
            String referenceImage) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("seed", seed);
        input.put("aspect_ratio", aspectRatio);
        input.put("video", video);
        if (referenceImage != null) {
            input.put("reference_image", referenceImage);
        }
        return input;
    }
}
