package io.ddiffusion.worker.videos.external;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code veo-3}: Google Veo 3.1; 16:9 or 9:16 only (square becomes 16:9), 4 or 8 seconds, optional last frame. */
public final class Veo3 implements VideoHandler {
    static final String MODEL = "google/veo-3.1";

    private final ReplicateClient client;

    public Veo3(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public VideoModel model() {
        return VideoModel.VEO_3;
    }

    @Override
    public List<String> run(VideoContext c) throws Exception {
        String image = client.image(c.image(), MODEL, c.task());
        String last = image == null ? null : client.image(c.lastImage(), MODEL, c.task());
        return client.generateVideo(MODEL, payload(c.prompt(), c.request().seed(), aspectRatio(c.width(),
                c.height()), c.durationSeconds(), c.request().generateAudio(), image, last), c.task());
    }

    /** Portrait → 9:16; landscape and square → 16:9 (Veo has no square). */
    static String aspectRatio(int width, int height) {
        return width < height ? "9:16" : "16:9";
    }

    /** {@code image} and {@code lastFrame} may be null; a last frame is only sent with a first one. */
    static Map<String, Object> payload(String prompt, long seed, String aspectRatio, int seconds, boolean audio,
            String image, String lastFrame) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("seed", seed);
        input.put("aspect_ratio", aspectRatio);
        input.put("duration", Durations.fourOrEight(seconds));
        input.put("generate_audio", audio);
        if (image != null) {
            input.put("image", image);
            if (lastFrame != null) {
                input.put("last_frame", lastFrame);
            }
        }
        return input;
    }
}
