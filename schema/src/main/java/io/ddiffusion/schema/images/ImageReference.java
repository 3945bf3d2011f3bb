package io.ddiffusion.schema.images;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.ddiffusion.schema.common.Limits;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reference image (style, subject, structure) for models that take references. */
public record ImageReference(
        @NotNull(message = "must not be null")
        @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters")
        @Schema(description = "Base64-encoded image (PNG, JPEG, WebP, TIFF or EXR)"
                + Limits.OR_REFERENCE, format = "byte")
        String image) {
}
