package io.ddiffusion.core.task;

import io.ddiffusion.schema.common.TaskStatus;
import java.util.UUID;

/** A task was asked to move between two states that the transition table does not join. */
public class IllegalTaskStateException extends IllegalStateException {
    private final TaskStatus from;
    private final TaskStatus to;

    public IllegalTaskStateException(UUID id, TaskStatus from, TaskStatus to) {
        super("task " + id + " cannot go from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public TaskStatus from() {
        return from;
    }

    public TaskStatus to() {
        return to;
    }
}
