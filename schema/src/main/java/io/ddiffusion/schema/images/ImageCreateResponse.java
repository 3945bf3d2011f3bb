package io.ddiffusion.schema.images;

import io.ddiffusion.schema.common.CreateResponse;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.UUID;

public record ImageCreateResponse(UUID id, TaskStatus status) implements CreateResponse {
}
