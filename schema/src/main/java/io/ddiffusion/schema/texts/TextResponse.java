package io.ddiffusion.schema.texts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The state of a text task; {@code output} is the generated text once it succeeded. */
public record TextResponse(
        UUID id,
        TaskStatus status,
        String output,
        @JsonProperty("error_message") @Schema(nullable = true) String errorMessage,
        List<String> logs,
        @JsonProperty("task_info") TaskInfo taskInfo) {
}
