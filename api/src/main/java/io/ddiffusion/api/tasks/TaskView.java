package io.ddiffusion.api.tasks;

import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** A task as clients see it, before each domain maps it to its response record. */
public record TaskView(UUID id, TaskStatus status, List<URI> files, String text, String errorMessage,
        List<String> logs, TaskInfo info) {
}
