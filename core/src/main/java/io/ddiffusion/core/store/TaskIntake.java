package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import java.util.Objects;

/**
 * Takes in a new task: records it and puts it in its queue, with the queue entry written into the record. The Redis
 * implementation does all of it in one atomic script; {@link #of} composes any store and queue.
 */
public interface TaskIntake {

    /**
     * Stores {@code task} and queues it.
     *
     * @return the task as stored, with its queue entry
     * @throws IllegalStateException if a task with this id exists; nothing is queued then
     * @throws IllegalArgumentException if {@code task} has a queue entry already
     */
    Task submit(Task task);

    /** The check every implementation makes first. */
    static Task requireUnqueued(Task task) {
        if (task.queueEntry() != null) {
            throw new IllegalArgumentException("task " + task.id() + " is queued already as " + task.queueEntry());
        }
        return task;
    }

    /**
     * Create, enqueue, then record the entry: three steps. A worker may take the entry before the third; it records
     * the entry itself then, and this leaves its record alone.
     */
    static TaskIntake of(TaskStore store, TaskQueue queue) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(queue, "queue");
        return task -> {
            Task created = store.create(requireUnqueued(task));
            String entry = queue.enqueue(task.queue(), task.id(), task.name());
            // why: a record deleted meanwhile (FLUSHDB) still got queued; the worker will skip its entry
            return store.modify(created, t -> t.queueEntry() == null ? t.enqueuedAs(entry) : t)
                    .orElseGet(() -> created.enqueuedAs(entry));
        };
    }
}
