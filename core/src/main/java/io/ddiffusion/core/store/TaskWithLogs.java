package io.ddiffusion.core.store;

import io.ddiffusion.core.task.Task;
import java.util.List;
import java.util.Objects;

/** A task and its log lines as read together by {@link TaskStore#findWithLogs}. */
public record TaskWithLogs(Task task, List<String> logs) {
    public TaskWithLogs {
        Objects.requireNonNull(task, "task");
        logs = List.copyOf(logs);
    }
}
