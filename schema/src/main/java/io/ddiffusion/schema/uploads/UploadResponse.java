package io.ddiffusion.schema.uploads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored upload: name it as {@code "upload:<id>"} in any image, video, mask or reference field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A stored upload. Name it as \"upload:<id>\" in any image, video, mask or reference field of a "
        + "task this API key creates before expires_at; the first task that uses it consumes it.")
public record UploadResponse(
        @Schema(description = "Unguessable id (128 random bits, 32 hex digits)", required = true) String id,
        @JsonProperty("media_type") @Schema(description = "The type its bytes were recognised as, e.g. image/png",
                required = true) String mediaType,
        @Schema(description = "Size in bytes", required = true) long size,
        @Schema(description = "Width the image header declares (absent for a video)") Integer width,
        @Schema(description = "Height the image header declares (absent for a video)") Integer height,
        @JsonProperty("expires_at") @Schema(description = "When it is deleted unless a task used it first",
                required = true) Instant expiresAt) {
}
