package io.ddiffusion.schema.common;

import java.util.UUID;

/** Answer to a submit: the task's id and its status (PENDING). */
public interface CreateResponse {
    UUID id();

    TaskStatus status();
}
