package io.ddiffusion.worker.videos.external;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code seedance-1}: ByteDance Seedance 1.5 Pro; text-to-video, first frame, first and last frame, with audio. */
public final class Seedance1 implements VideoHandler {
    static final String MODEL = "bytedance/seedance-1.5-pro";

    private final ReplicateClient client;

    public Seedance1(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public VideoModel model() {
        return VideoModel.SEEDANCE_1;
    }

    @Override
    public List<String> run(VideoContext c) throws Exception {
        String image = client.image(c.image(), MODEL, c.task());
        String last = image == null ? null : client.image(c.lastImage(), MODEL, c.task());
        return client.generateVideo(MODEL, payload(c.prompt(), c.request().seed(), c.aspectRatio(),
                c.durationSeconds(), c.request().generateAudio(), image, last), c.task());
    }

    /** {@code image} and {@code lastFrame} may be null (left out); resolution stays at the provider's default. */
    static Map<String, Object> payload(String prompt, long seed, String aspectRatio, int seconds, boolean audio,
            String image, String lastFrame) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", prompt);
        input.put("seed", seed);
        input.put("aspect_ratio", aspectRatio);
        input.put("duration", Durations.fiveOrTen(seconds));
        input.put("generate_audio", audio);
        if (image != null) {
            input.put("image", image);
        }
        if (lastFrame != null) {
            input.put("last_frame_image", lastFrame);
        }
        return input;
    }
}
