package io.ddiffusion.schema.videos;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The state of a video task; {@code output} holds signed URLs once it succeeded. */
public record VideoResponse(
        UUID id,
        TaskStatus status,
        List<URI> output,
        @JsonProperty("error_message") @Schema(nullable = true) String errorMessage,
        List<String> logs,
        @JsonProperty("task_info") TaskInfo taskInfo) {
}
