package io.ddiffusion.schema.workflows;

import io.ddiffusion.schema.common.CreateResponse;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.UUID;

public record WorkflowCreateResponse(UUID id, TaskStatus status) implements CreateResponse {
}
