package io.ddiffusion.worker.videos.external;

import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.videos.VideoContext;
import io.ddiffusion.worker.videos.VideoHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code runway-upscale}: Runway's video upscaler; takes the video and nothing else. */
public final class RunwayUpscale implements VideoHandler {
    static final String MODEL = "runwayml/upscale-v1";

    private final ReplicateClient client;

    public RunwayUpscale(ReplicateClient client) {
        this.client = client;
    }

    @Override
    public VideoModel model() {
        return VideoModel.RUNWAY_UPSCALE;
    }

    @Override
    public List<String> run(VideoContext c) throws Exception {
        var video = c.video().orElseThrow(() -> new IllegalArgumentException(
                "Model 'runway-upscale' needs a video to upscale."));
        return client.generateVideo(MODEL, payload(client.video(video, MODEL, c.task())), c.task());
    }

    static Map<String, Object> payload(String video) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("video", video);
        return input;
    }
}
