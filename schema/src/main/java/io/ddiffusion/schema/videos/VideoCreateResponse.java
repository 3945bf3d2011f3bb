package io.ddiffusion.schema.videos;

import io.ddiffusion.schema.common.CreateResponse;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.UUID;

public record VideoCreateResponse(UUID id, TaskStatus status) implements CreateResponse {
}
