package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.QueuePosition;
import io.ddiffusion.schema.common.TaskStatus;
import java.util.List;
import java.util.Objects;

/**
 * What a status answer shows of a task, read together by {@link TaskSnapshots#find}.
 *
 * @param position where the task stands in its queue; null unless it is {@link TaskStatus#PENDING} and its entry
 *     still waits
 */
public record TaskSnapshot(Task task, List<String> logs, QueuePosition position) {
    public TaskSnapshot {
        Objects.requireNonNull(task, "task");
        logs = List.copyOf(logs);
    }

    /** Whether {@code task} may have a queue position: it waits and names its entry. */
    public static boolean mayWait(Task task) {
        return task.status() == TaskStatus.PENDING && task.queueEntry() != null;
    }

    /** {@code task}'s position as {@code queue} reports it; null when it has none (see {@link #position()}). */
    public static QueuePosition positionIn(TaskQueue queue, Task task) {
        return mayWait(task) ? queue.position(task.queue(), task.queueEntry()).orElse(null) : null;
    }
}
