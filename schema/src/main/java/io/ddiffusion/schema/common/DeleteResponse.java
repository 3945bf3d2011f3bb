package io.ddiffusion.schema.common;

import java.util.UUID;

/** Answer to a cancellation: the status the task is in now and what happened. */
public record DeleteResponse(UUID id, TaskStatus status, String message) {
}
