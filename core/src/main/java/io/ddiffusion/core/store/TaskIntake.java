package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Takes in a new task: checks the backlog, records the task and puts it in its queue, with the queue entry written
 * into the record. The Redis implementation does all of it in one atomic script, so API nodes racing each other
 * never take more than the limit; {@link #of} composes any store and queue within one process.
 */
public interface TaskIntake {

    /**
     * Stores {@code task} and queues it, unless the tasks waiting in all queues together number
     * {@code backlogLimit} or more.
     *
     * @return the task as stored, with its queue entry
     * @throws BacklogFullException if the backlog is full; nothing is recorded or queued then
     * @throws IllegalStateException if a task with this id exists; nothing is queued then
     * @throws IllegalArgumentException if {@code task} has a queue entry already
     */
    Task submit(Task task, int backlogLimit);

    /** {@link #submit(Task, int)} without a backlog limit. */
    default Task submit(Task task) {
        return submit(task, Integer.MAX_VALUE);
    }

    /** The check every implementation makes first. */
    static Task requireUnqueued(Task task) {
        if (task.queueEntry() != null) {
            throw new IllegalArgumentException("task " + task.id() + " is queued already as " + task.queueEntry());
        }
        return task;
    }

    /**
     * Count, create, enqueue, then record the entry. Submits through this intake take turns, so the count cannot
     * be overtaken by another submit in this process (workers only ever lower it). A worker may take the entry
     * before the last step; it records the entry itself then, and this leaves its record alone.
     */
    static TaskIntake of(TaskStore store, TaskQueue queue) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(queue, "queue");
        ReentrantLock turns = new ReentrantLock();
        return (task, backlogLimit) -> {
            requireUnqueued(task);
            Task created;
            String entry;
            turns.lock();
            try {
                if (backlogLimit != Integer.MAX_VALUE) {
                    int waiting = queue.waitingInAllQueues();
                    if (waiting >= backlogLimit) {
                        throw new BacklogFullException(waiting, backlogLimit);
                    }
                }
                created = store.create(task);
                entry = queue.enqueue(task.queue(), task.id(), task.name());
            } finally {
                turns.unlock();
            }
            // why: a record deleted meanwhile (FLUSHDB) still got queued; the worker will skip its entry
            return store.modify(created, t -> t.queueEntry() == null ? t.enqueuedAs(entry) : t)
                    .orElseGet(() -> created.enqueuedAs(entry));
        };
    }
}
