package io.ddiffusion.core.store;

import java.util.UUID;

/** The task is unknown, expired, or not visible to the caller. */
public class TaskNotFoundException extends RuntimeException {
    public TaskNotFoundException(UUID id) {
        super("Task " + id + " not found or has expired");
    }
}
