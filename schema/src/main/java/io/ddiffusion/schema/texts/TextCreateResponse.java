package io.ddiffusion.schema.texts;

import io.ddiffusion.schema.common.CreateResponse;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.UUID;

public record TextCreateResponse(UUID id, TaskStatus status) implements CreateResponse {
}
