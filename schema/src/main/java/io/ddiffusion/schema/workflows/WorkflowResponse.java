package io.ddiffusion.schema.workflows;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The state of a workflow task; {@code output} holds signed URLs of images and videos once it succeeded. */
public record WorkflowResponse(
        UUID id,
        TaskStatus status,
        List<URI> output,
        @JsonProperty("error_message") @Schema(nullable = true) String errorMessage,
        List<String> logs,
        @JsonProperty("task_info") TaskInfo taskInfo) {
}
