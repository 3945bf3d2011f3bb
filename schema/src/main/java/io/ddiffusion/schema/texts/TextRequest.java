package io.ddiffusion.schema.texts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Limits;
import io.ddiffusion.schema.common.WebhookEvent;
import io.ddiffusion.schema.common.WebhookOptions;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Submit a text task: one user turn, an optional system prompt, optional images and videos. */
public record TextRequest(
        @Schema(defaultValue = "qwen-2") TextModel model,
        @Size(max = Limits.MAX_PROMPT_CHARS, message = "must be at most {max} characters")
        @Schema(defaultValue = "", format = "multi_line") String prompt,
        @JsonProperty("system_prompt") @Schema(defaultValue = "BASE") SystemPrompt systemPrompt,
        @Size(max = Limits.MAX_TEXT_IMAGES, message = "must hold at most {max} images")
        @Schema(description = "Base64-encoded images" + Limits.OR_REFERENCE)
        List<@NotNull(message = "must not be null")
            @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters") String> images,
        @Size(max = Limits.MAX_TEXT_VIDEOS, message = "must hold at most {max} videos")
        @Schema(description = "Base64-encoded MP4/MOV videos; only models that read videos accept them"
                + Limits.OR_REFERENCE)
        List<@NotNull(message = "must not be null")
            @Size(max = Limits.MAX_BASE64_CHARS, message = "must be at most {max} base64 characters") String> videos,
        @Size(max = Limits.MAX_WEBHOOK_URL_CHARS, message = "must be at most {max} characters")
        @Schema(description = WebhookOptions.URL_DESCRIPTION, nullable = true) String webhook,
        @JsonProperty("webhook_events_filter")
        @Size(min = 1, max = 4, message = "must name between {min} and {max} events")
        @Schema(description = WebhookOptions.FILTER_DESCRIPTION, nullable = true)
        List<@NotNull(message = "must not be null") WebhookEvent> webhookEventsFilter) implements WebhookOptions {

    public TextRequest {
        // why: null elements are kept so Bean Validation reports them at their index
        model = model == null ? TextModel.QWEN_2 : model;
        prompt = prompt == null ? "" : prompt;
        systemPrompt = systemPrompt == null ? SystemPrompt.BASE : systemPrompt;
        images = images == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(images));
        videos = videos == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(videos));
    }

    /** A request without a webhook. */
    public TextRequest(TextModel model, String prompt, SystemPrompt systemPrompt, List<String> images,
            List<String> videos) {
        this(model, prompt, systemPrompt, images, videos, null, null);
    }

    @JsonIgnore
    public List<String> capabilityErrors() {
        List<String> errors = new ArrayList<>();
        if (!videos.isEmpty() && !model.videos()) {
            errors.add("Model '" + model.id() + "' does not accept videos.");
        }
        return errors;
    }
}
