package io.ddiffusion.schema.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Provider;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of {@code GET /api/images/models}. */
public record ImagesModelInfo(
        boolean external,
        Provider provider,
        @JsonProperty("text_to_image") boolean textToImage,
        @JsonProperty("image_to_image") boolean imageToImage,
        boolean inpainting,
        boolean references,
        String description,
        @Schema(description = "Whether this installation can run the model now (its provider is configured)")
        boolean available,
        @JsonProperty("unavailable_reason") @Schema(nullable = true,
                description = "Why not, naming what to configure") String unavailableReason) {
}
