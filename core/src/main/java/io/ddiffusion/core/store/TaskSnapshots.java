package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.TaskQueue;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a task as its status answer shows it: the record, its log lines and, while it waits, its queue position.
 * The Redis implementation reads all three in one round trip (a status poll of a waiting task used to take two);
 * {@link #of} composes any store and queue.
 */
public interface TaskSnapshots {

    /** The task, its logs and its position; empty when the task is unknown or expired. */
    Optional<TaskSnapshot> find(UUID id);

    /** The store's record and logs, then the queue's position when the task waits. */
    static TaskSnapshots of(TaskStore store, TaskQueue queue) {
        return id -> store.findWithLogs(id).map(found -> new TaskSnapshot(found.task(), found.logs(),
                TaskSnapshot.positionIn(queue, found.task())));
    }
}
