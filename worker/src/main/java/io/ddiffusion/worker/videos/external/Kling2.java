package io.ddiffusion.worker.videos.external;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kling-2}: Kling 2.6 for text-to-video and image-to-video (with audio); Kling 2.1 in pro mode when a last
 * frame is given, since only it takes an end image on Replicate.
 */
public final class Kling2 implements VideoHandler {
    static final String MODEL = "kwaivgi/kling-v2.6";
    static final String FIRST_AND_LAST = "kwaivgi/kling-v2.1";

    private final ReplicateClient client;

    public Kling2(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public VideoModel model() {
        return VideoModel.KLING_2;
    }

    @Override
    public List<String> run(VideoContext c) throws Exception {
        if (c.image().isPresent() && c.lastImage().isPresent()) {
            if (c.request().generateAudio()) {
                c.task().log("kling-v2.1 (first and last frame) does not generate audio; the video will be silent");
            }
            String start = client.image(c.image().get(), FIRST_AND_LAST, c.task());
            String end = client.image(c.lastImage().get(), FIRST_AND_LAST, c.task());
            return client.generateVideo(FIRST_AND_LAST, firstAndLastPayload(c.prompt(), c.durationSeconds(), start,
                    end), c.task());
        }
        String start = client.image(c.image(), MODEL, c.task());
        return client.generateVideo(MODEL, payload(c.prompt(), c.aspectRatio(), c.durationSeconds(),
                c.request().generateAudio(), start), c.task());
    }

    /**
     * The original also sent {@code seed}; Kling's schemas on Replicate have no seed field, so it is left out.
     * {@code startImage} may be null (text-to-video).
     */
    static Map<String, Object> payload(String prompt, String aspectRatio, int seconds, boolean audio,
            String startImage) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("aspect_ratio", aspectRatio);
        input.put("duration", Durations.fiveOrTen(seconds));
        input.put("generate_audio", audio);
        if (startImage != null) {
            input.put("start_image", startImage);
        }
        return input;
    }

    /**
     * Kling 2.1's schema has start_image, end_image (pro mode only), mode, duration and prompt; no seed, aspect ratio
     * (the start image decides) or audio, which the original also sent.
     */
    static Map<String, Object> firstAndLastPayload(String prompt, int seconds, String startImage, String endImage) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("duration", Durations.fiveOrTen(seconds));
        input.put("mode", "pro");
        input.put("start_image", startImage);
        input.put("end_image", endImage);
        return input;
    }
}
