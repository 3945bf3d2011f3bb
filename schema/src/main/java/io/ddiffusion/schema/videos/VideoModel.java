package io.ddiffusion.schema.videos;

import static io.ddiffusion.schema.common.ModelEntry.local;
import static io.ddiffusion.schema.common.ModelEntry.openAi;
import static io.ddiffusion.schema.common.ModelEntry.replicate;
import static io.ddiffusion.schema.videos.VideoModel.Can.AUDIO;
import static io.ddiffusion.schema.videos.VideoModel.Can.IMAGE_TO_VIDEO;
import static io.ddiffusion.schema.videos.VideoModel.Can.LAST_IMAGE;
import static io.ddiffusion.schema.videos.VideoModel.Can.TEXT_TO_VIDEO;
import static io.ddiffusion.schema.videos.VideoModel.Can.VIDEO_TO_VIDEO;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ddiffusion.schema.common.ModelEntry;
import io.ddiffusion.schema.common.ModelSpec;
import java.util.EnumSet;
import java.util.Set;

/** The video model registry. {@code sora-2} is run by OpenAI (the original mislabelled it as Replicate). */
public enum VideoModel implements ModelSpec {
    LTX_VIDEO(local("ltx-video", "LTX-Video; fast, for iteration."),
            TEXT_TO_VIDEO, IMAGE_TO_VIDEO, VIDEO_TO_VIDEO, LAST_IMAGE),
    WAN_2(local("wan-2", "Wan 2.2."), TEXT_TO_VIDEO, IMAGE_TO_VIDEO, LAST_IMAGE),
    HUNYUAN_VIDEO_1(local("hunyuan-video-1", "Hunyuan Video 1.5."),
            TEXT_TO_VIDEO, IMAGE_TO_VIDEO),
    SAM_3(local("sam-3", "SAM 3 video segmentation; the prompt names what to segment.").notInThisBuild(
            "not in this build: SAM 3 has no supported export yet (the original's was broken)"), VIDEO_TO_VIDEO),
    RUNWAY_GEN_4(replicate("runway-gen-4", "Runway Gen-4 Turbo for image-to-video, Aleph for video-to-video."),
            IMAGE_TO_VIDEO, VIDEO_TO_VIDEO),
    RUNWAY_UPSCALE(replicate("runway-upscale", "Runway video upscaler."), VIDEO_TO_VIDEO),
    SEEDANCE_1(replicate("seedance-1", "ByteDance Seedance 1.5 Pro."), TEXT_TO_VIDEO, IMAGE_TO_VIDEO, LAST_IMAGE,
            AUDIO),
    KLING_2(replicate("kling-2", "Kling 2.6 Pro; Kling 2.1 for first and last frame."), TEXT_TO_VIDEO,
            IMAGE_TO_VIDEO, LAST_IMAGE, AUDIO),
    VEO_3(replicate("veo-3", "Google Veo 3.1; expensive."), TEXT_TO_VIDEO, IMAGE_TO_VIDEO, LAST_IMAGE, AUDIO),
    SORA_2(openAi("sora-2", "OpenAI Sora 2 Pro."), TEXT_TO_VIDEO, IMAGE_TO_VIDEO, AUDIO),
    HAILUO_2(replicate("hailuo-2", "MiniMax Hailuo 2.3."), TEXT_TO_VIDEO, IMAGE_TO_VIDEO);

    /** What a video model can do; the request's capability rules and {@code /models} read these. */
    public enum Can { TEXT_TO_VIDEO, IMAGE_TO_VIDEO, VIDEO_TO_VIDEO, LAST_IMAGE, AUDIO }

    private final ModelEntry entry;
    private final Set<Can> can;

    VideoModel(ModelEntry entry, Can first, Can... rest) {
        this.entry = entry;
        this.can = EnumSet.of(first, rest);
    }

    @Override
    public ModelEntry entry() {
        return entry;
    }

    @JsonValue
    @Override
    public String id() {
        return entry.id();
    }

    @JsonCreator
    public static VideoModel fromId(String id) {
        return ModelSpec.byId(values(), id, "video");
    }

    @Override
    public String domain() {
        return "videos";
    }

    public boolean textToVideo() {
        return can.contains(TEXT_TO_VIDEO);
    }

    public boolean imageToVideo() {
        return can.contains(IMAGE_TO_VIDEO);
    }

    public boolean videoToVideo() {
        return can.contains(VIDEO_TO_VIDEO);
    }

    public boolean lastImage() {
        return can.contains(LAST_IMAGE);
    }

    public boolean audio() {
        return can.contains(AUDIO);
    }

    /**
     * The registry entry as {@code /models} shows it.
     *
     * @param unavailableReason why this installation cannot run it now, or null when it can
     */
    public VideosModelInfo info(String unavailableReason) {
        return new VideosModelInfo(external(), provider(), textToVideo(), imageToVideo(), videoToVideo(), lastImage(),
                audio(), description(), unavailableReason == null, unavailableReason);
    }
}
