package io.ddiffusion.schema.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Provider;

/** One entry of {@code GET /api/images/models}. */
public record ImagesModelInfo(
        boolean external,
        Provider provider,
        @JsonProperty("text_to_image") boolean textToImage,
        @JsonProperty("image_to_image") boolean imageToImage,
        boolean inpainting,
        boolean references,
        String description) {
}
