package io.ddiffusion.schema.workflows;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.Limits;
import io.ddiffusion.schema.common.WebhookEvent;
import io.ddiffusion.schema.common.WebhookOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Submit a ComfyUI workflow (API format: node id → {inputs, class_type, _meta: {title}}) with patches. */
public record WorkflowRequest(
        @NotEmpty(message = "must hold at least one node")
        @Size(max = Limits.MAX_WORKFLOW_NODES, message = "must hold at most {max} nodes")
        @Schema(description = "ComfyUI API-format workflow")
        Map<String, Map<String, Object>> workflow,
        @Size(max = Limits.MAX_PATCHES, message = "must hold at most {max} patches")
        List<@NotNull(message = "must not be null") @Valid Patch> patches,
        @Size(max = Limits.MAX_WEBHOOK_URL_CHARS, message = "must be at most {max} characters")
        @Schema(description = WebhookOptions.URL_DESCRIPTION, nullable = true) String webhook,
        @JsonProperty("webhook_events_filter")
        @Size(min = 1, max = 4, message = "must name between {min} and {max} events")
        @Schema(description = WebhookOptions.FILTER_DESCRIPTION, nullable = true)
        List<@NotNull(message = "must not be null") WebhookEvent> webhookEventsFilter) implements WebhookOptions {

    public WorkflowRequest {
        // why: null elements are kept so Bean Validation reports them at their index
        patches = patches == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(patches));
    }

    /** A request without a webhook. */
    public WorkflowRequest(Map<String, Map<String, Object>> workflow, List<Patch> patches) {
        this(workflow, patches, null, null);
    }

    /** Node ids by title, over nodes that carry a string {@code _meta.title}. */
    @JsonIgnore
    public Map<String, List<String>> nodesByTitle() {
        Map<String, List<String>> byTitle = new HashMap<>();
        if (workflow == null) {
            return byTitle;
        }
        workflow.forEach((id, node) -> {
            if (node != null && node.get("_meta") instanceof Map<?, ?> meta && meta.get("title") instanceof String t) {
                byTitle.computeIfAbsent(t, k -> new ArrayList<>()).add(id);
            }
        });
        return byTitle;
    }

    /** Each patch's title must name exactly one node of the same class, and its value must suit the class. */
    @JsonIgnore
    public List<String> patchErrors() {
        List<String> errors = new ArrayList<>();
        Map<String, List<String>> byTitle = nodesByTitle();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < patches.size(); i++) {
            Patch p = patches.get(i);
            if (p == null || p.title() == null || p.classType() == null) {
                continue;
            }
            String where = "patches[" + i + "] '" + p.title() + "': ";
            if (!seen.add(p.title())) {
                errors.add(where + "title is patched more than once");
            }
            List<String> ids = byTitle.getOrDefault(p.title(), List.of());
            if (ids.isEmpty()) {
                errors.add(where + "no node has this title");
            } else if (ids.size() > 1) {
                errors.add(where + "title is not unique in the workflow (nodes " + String.join(", ", ids) + ")");
            } else {
                Object classType = workflow.get(ids.getFirst()).get("class_type");
                if (!p.classType().name().equals(classType)) {
                    errors.add(where + "node " + ids.getFirst() + " is " + classType + ", not " + p.classType());
                }
            }
            String valueError = p.classType().valueError(p.value());
            if (valueError != null) {
                errors.add(where + "value " + valueError);
            }
        }
        return errors;
    }
}
