package io.ddiffusion.schema.videos;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Limits;
import io.ddiffusion.schema.common.WebhookEvent;
import io.ddiffusion.schema.common.WebhookOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Submit a video task. {@code video} selects video-to-video, otherwise {@code image} selects image-to-video,
 * otherwise text-to-video; {@code last_image} adds a last frame to image-to-video.
 */
public record VideoRequest(
        @NotNull(message = "is required") VideoModel model,
        @Size(max = Limits.MAX_PROMPT_CHARS, message = "must be at most {max} characters")
        @Schema(defaultValue = DEFAULT_PROMPT, format = "multi_line") String prompt,
        @Min(value = Limits.MIN_DIMENSION, message = "must be at least {value}")
        @Max(value = Limits.MAX_DIMENSION, message = "must be at most {value}")
        @Schema(defaultValue = "480") Integer height,
        @Min(value = Limits.MIN_DIMENSION, message = "must be at least {value}")
        @Max(value = Limits.MAX_DIMENSION, message = "must be at most {value}")
        @Schema(defaultValue = "854") Integer width,
        @JsonProperty("num_frames")
        @Min(value = Limits.MIN_FRAMES, message = "must be at least {value}")
        @Max(value = Limits.MAX_FRAMES, message = "must be at most {value}")
        @Schema(defaultValue = "48") Integer numFrames,
        @Min(value = 0, message = "must be at least {value}")
        @Max(value = Limits.MAX_SEED, message = "must be at most {value}")
        @Schema(defaultValue = "42") Long seed,
        @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters")
        @Schema(description = "Base64-encoded first frame / conditioning image" + Limits.OR_REFERENCE,
                format = "byte", nullable = true)
        String image,
        @JsonProperty("last_image")
        @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters")
        @Schema(description = "Base64-encoded last frame; requires image" + Limits.OR_REFERENCE,
                format = "byte", nullable = true)
        String lastImage,
        @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters")
        @Schema(description = "Base64-encoded MP4/MOV video; selects video-to-video" + Limits.OR_REFERENCE,
                format = "byte",
                nullable = true)
        String video,
        @JsonProperty("generate_audio") @Schema(defaultValue = "false") Boolean generateAudio,
        @Size(max = Limits.MAX_WEBHOOK_URL_CHARS, message = "must be at most {max} characters")
        @Schema(description = WebhookOptions.URL_DESCRIPTION, nullable = true) String webhook,
        @JsonProperty("webhook_events_filter")
        @Size(min = 1, max = 4, message = "must name between {min} and {max} events")
        @Schema(description = WebhookOptions.FILTER_DESCRIPTION, nullable = true)
        List<@NotNull(message = "must not be null") WebhookEvent> webhookEventsFilter) implements WebhookOptions {

    public static final String DEFAULT_PROMPT = "Slow camera zoom in, 4k, high quality, cinematic, realistic";

    public VideoRequest {
        prompt = prompt == null ? DEFAULT_PROMPT : prompt;
        height = height == null ? 480 : height;
        width = width == null ? 854 : width;
        numFrames = numFrames == null ? 48 : numFrames;
        seed = seed == null ? 42L : seed;
        generateAudio = generateAudio != null && generateAudio;
    }

    /** A request without a webhook. */
    public VideoRequest(VideoModel model, String prompt, Integer height, Integer width, Integer numFrames, Long seed,
            String image, String lastImage, String video, Boolean generateAudio) {
        this(model, prompt, height, width, numFrames, seed, image, lastImage, video, generateAudio, null, null);
    }

    /** Capability rules in one fixed order (see {@code ImageRequest#capabilityErrors}). */
    @JsonIgnore
    public List<String> capabilityErrors() {
        List<String> errors = new ArrayList<>();
        if (model == null) {
            return errors;
        }
        String name = model.id();
        if (lastImage != null && image == null) {
            errors.add("last_image requires image.");
        }
        if (video != null) {
            if (!model.videoToVideo()) {
                errors.add("Model '" + name + "' does not support video-to-video.");
            }
        } else if (image != null) {
            if (!model.imageToVideo()) {
                errors.add("Model '" + name + "' does not support image-to-video.");
            }
        } else if (!model.textToVideo()) {
            errors.add("Model '" + name + "' does not support text-to-video; it needs an image or a video.");
        }
        if (lastImage != null && image != null && !model.lastImage()) {
            errors.add("Model '" + name + "' does not support last_image.");
        }
        if (generateAudio && !model.audio()) {
            errors.add("Model '" + name + "' does not generate audio; set generate_audio to false.");
        }
        return errors;
    }
}
