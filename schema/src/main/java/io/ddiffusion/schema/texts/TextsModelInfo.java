package io.ddiffusion.schema.texts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Provider;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of {@code GET /api/texts/models}. */
public record TextsModelInfo(
        Provider provider,
        boolean external,
        boolean videos,
        String description,
        @Schema(description = "Whether this installation can run the model now (its provider is configured)")
        boolean available,
        @JsonProperty("unavailable_reason") @Schema(nullable = true,
                description = "Why not, naming what to configure") String unavailableReason) {
}
