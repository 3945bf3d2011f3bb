package io.ddiffusion.schema.videos;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Provider;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of {@code GET /api/videos/models}. */
public record VideosModelInfo(
        boolean external,
        Provider provider,
        @JsonProperty("text_to_video") boolean textToVideo,
        @JsonProperty("image_to_video") boolean imageToVideo,
        @JsonProperty("video_to_video") boolean videoToVideo,
        @JsonProperty("last_image") boolean lastImage,
        boolean audio,
        String description,
        @Schema(description = "Whether this installation can run the model now (its provider is configured)")
        boolean available,
        @JsonProperty("unavailable_reason") @Schema(nullable = true,
                description = "Why not, naming what to configure") String unavailableReason) {
}
