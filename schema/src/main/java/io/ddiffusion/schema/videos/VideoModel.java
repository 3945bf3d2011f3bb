package io.ddiffusion.schema.videos;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Provider;

/** The video model registry. {@code sora-2} is run by OpenAI (the original mislabelled it as Replicate). */
public enum VideoModel implements ModelSpec {
    LTX_VIDEO("ltx-video", Provider.LOCAL, true, true, true, true, false, "LTX-Video; fast, for iteration."),
    WAN_2("wan-2", Provider.LOCAL, true, true, false, true, false, "Wan 2.2."),
    HUNYUAN_VIDEO_1("hunyuan-video-1", Provider.LOCAL, true, true, false, false, false, "Hunyuan Video 1.5."),
    SAM_3("sam-3", Provider.LOCAL, false, false, true, false, false,
            "SAM 3 video segmentation; the prompt names what to segment."),
    RUNWAY_GEN_4("runway-gen-4", Provider.REPLICATE, false, true, true, false, false,
            "Runway Gen-4 Turbo for image-to-video, Aleph for video-to-video."),
    RUNWAY_UPSCALE("runway-upscale", Provider.REPLICATE, false, false, true, false, false, "Runway video upscaler."),
    SEEDANCE_1("seedance-1", Provider.REPLICATE, true, true, false, true, true, "ByteDance Seedance 1.5 Pro."),
    KLING_2("kling-2", Provider.REPLICATE, true, true, false, true, true,
            "Kling 2.6 Pro; Kling 2.1 for first and last frame."),
    VEO_3("veo-3", Provider.REPLICATE, true, true, false, true, true, "Google Veo 3.1; expensive."),
    SORA_2("sora-2", Provider.OPENAI, true, true, false, false, true, "OpenAI Sora 2 Pro."),
    HAILUO_2("hailuo-2", Provider.REPLICATE, true, true, false, false, false, "MiniMax Hailuo 2.3.");

    private final String id;
    private final Provider provider;
    private final boolean textToVideo;
    private final boolean imageToVideo;
    private final boolean videoToVideo;
    private final boolean lastImage;
    private final boolean audio;
    private final String description;

    VideoModel(String id, Provider provider, boolean textToVideo, boolean imageToVideo, boolean videoToVideo,
            boolean lastImage, boolean audio, String description) {
        this.id = id;
        this.provider = provider;
        this.textToVideo = textToVideo;
        this.imageToVideo = imageToVideo;
        this.videoToVideo = videoToVideo;
        this.lastImage = lastImage;
        this.audio = audio;
        this.description = description;
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    @JsonCreator
    public static VideoModel fromId(String id) {
        for (VideoModel m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown video model '" + id + "'; expected one of: "
                + java.util.Arrays.stream(values()).map(VideoModel::id).collect(java.util.stream.Collectors.joining(", ")));
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String domain() {
        return "videos";
    }

    public boolean textToVideo() {
        return textToVideo;
    }

    public boolean imageToVideo() {
        return imageToVideo;
    }

    public boolean videoToVideo() {
        return videoToVideo;
    }

    public boolean lastImage() {
        return lastImage;
    }

    public boolean audio() {
        return audio;
    }

    /**
     * The registry entry as {@code /models} shows it.
     *
     * @param unavailableReason why this installation cannot run it now, or null when it can
     */
    public VideosModelInfo info(String unavailableReason) {
        return new VideosModelInfo(external(), provider, textToVideo, imageToVideo, videoToVideo, lastImage, audio,
                description, unavailableReason == null, unavailableReason);
    }
}
