package io.ddiffusion.schema.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The state of an image task; {@code output} holds short-lived signed URLs once it succeeded. */
public record ImageResponse(
        UUID id,
        TaskStatus status,
        List<URI> output,
        @JsonProperty("error_message") @Schema(nullable = true) String errorMessage,
        List<String> logs,
        @JsonProperty("task_info") TaskInfo taskInfo) {
}
