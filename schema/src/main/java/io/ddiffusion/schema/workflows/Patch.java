package io.ddiffusion.schema.workflows;

import io.ddiffusion.schema.common.Limits;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Sets one titled node of a ComfyUI workflow: its {@code _meta.title} must match and its class must agree. */
public record Patch(
        @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most {max} characters")
        String title,
        @JsonProperty("class_type") @NotNull(message = "is required") PatchClassType classType,
        @NotNull(message = "is required")
        @Schema(description = "int, number, string, or base64 for LoadImage/LoadVideo"
                + Limits.OR_REFERENCE) Object value) {
}
