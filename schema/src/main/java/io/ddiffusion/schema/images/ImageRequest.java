package io.ddiffusion.schema.images;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Limits;
import io.ddiffusion.schema.common.WebhookEvent;
import io.ddiffusion.schema.common.WebhookOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Submit an image task. Which inputs are present selects the mode: none → text-to-image, {@code image} →
 * image-to-image, {@code image} + {@code mask} → inpainting. The model must support the mode.
 */
@Schema(name = "ImageRequest")
public record ImageRequest(
        @NotNull(message = "is required") ImageModel model,
        @Size(max = Limits.MAX_PROMPT_CHARS, message = "must be at most {max} characters")
        @Schema(defaultValue = DEFAULT_PROMPT, format = "multi_line") String prompt,
        @Min(value = Limits.MIN_DIMENSION, message = "must be at least {value}")
        @Max(value = Limits.MAX_DIMENSION, message = "must be at most {value}")
        @Schema(defaultValue = "720") Integer height,
        @Min(value = Limits.MIN_DIMENSION, message = "must be at least {value}")
        @Max(value = Limits.MAX_DIMENSION, message = "must be at most {value}")
        @Schema(defaultValue = "1280") Integer width,
        @Min(value = 0, message = "must be at least {value}")
        @Max(value = Limits.MAX_SEED, message = "must be at most {value}")
        @Schema(defaultValue = "42") Long seed,
        @DecimalMin(value = "0.0", message = "must be at least {value}")
        @DecimalMax(value = "1.0", message = "must be at most {value}")
        @Schema(defaultValue = "0.5") Double strength,
        @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters")
        @Schema(description = "Base64-encoded input image; selects image-to-image" + Limits.OR_REFERENCE,
                format = "byte", nullable = true)
        String image,
        @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters")
        @Schema(description = "Base64-encoded greyscale mask, white = area to change; requires image"
                + Limits.OR_REFERENCE,
                format = "byte", nullable = true)
        String mask,
        @Size(max = Limits.MAX_REFERENCES, message = "must hold at most {max} references")
        List<@NotNull(message = "must not be null") @Valid ImageReference> references,
        @Size(max = Limits.MAX_WEBHOOK_URL_CHARS, message = "must be at most {max} characters")
        @Schema(description = WebhookOptions.URL_DESCRIPTION, nullable = true) String webhook,
        @JsonProperty("webhook_events_filter")
        @Size(min = 1, max = 4, message = "must name between {min} and {max} events")
        @Schema(description = WebhookOptions.FILTER_DESCRIPTION, nullable = true)
        List<@NotNull(message = "must not be null") WebhookEvent> webhookEventsFilter) implements WebhookOptions {

    public static final String DEFAULT_PROMPT = "Detailed, 8k, photorealistic";

    public ImageRequest {
        // why: null elements are kept so Bean Validation reports them at their index
        prompt = prompt == null ? DEFAULT_PROMPT : prompt;
        height = height == null ? 720 : height;
        width = width == null ? 1280 : width;
        seed = seed == null ? 42L : seed;
        strength = strength == null ? 0.5 : strength;
        references = references == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(references));
    }

    /** A request without a webhook. */
    public ImageRequest(ImageModel model, String prompt, Integer height, Integer width, Long seed, Double strength,
            String image, String mask, List<ImageReference> references) {
        this(model, prompt, height, width, seed, strength, image, mask, references, null, null);
    }

    /**
     * The capability rules, checked in one fixed order whatever the model, so the same request always gets the same
     * message (the original's order made the message depend on the model).
     */
    @JsonIgnore
    public List<String> capabilityErrors() {
        List<String> errors = new ArrayList<>();
        if (model == null) {
            return errors;
        }
        String name = model.id();
        if (mask != null && image == null) {
            errors.add("mask requires image.");
        } else if (mask != null && !model.inpainting()) {
            errors.add("Model '" + name + "' does not support inpainting.");
        } else if (mask == null && image != null && !model.imageToImage()) {
            errors.add("Model '" + name + "' does not support image-to-image.");
        } else if (mask == null && image == null && !model.textToImage()) {
            errors.add("Model '" + name + "' does not support text-to-image; it needs an image.");
        }
        if (!references.isEmpty() && !model.references()) {
            errors.add("Model '" + name + "' does not support references.");
        }
        return errors;
    }
}
