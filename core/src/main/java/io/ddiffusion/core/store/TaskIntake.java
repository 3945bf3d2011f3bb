package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import java.time.Clock;
import java.util.Optional;

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
     * Like {@link #submit(Task, int)}, under an Idempotency-Key: when ({@code claim.scope()}, {@code claim.key()})
     * has a live record, nothing is created and the recorded task's id is answered (replayed) if the fingerprints
     * match; otherwise the task is created and the record written in the same atomic step, so of any number of
     * concurrent submits with one key (on any number of API nodes) exactly one creates a task.
     *
     * @throws IdempotencyMismatchException if the key's record has another fingerprint; nothing is written
     * @throws BacklogFullException as {@link #submit(Task, int)}, only when a task would be created
     */
    Submitted submit(Task task, int backlogLimit, IdempotencyClaim claim);

    /** The live record of an Idempotency-Key in {@code scope}, if any: a cheap read before preparing a submit. */
    Optional<IdempotencyRecord> idempotency(String scope, String key);

    /**
     * Count, create, enqueue, then record the entry. Submits through this intake take turns, so the count cannot
     * be overtaken by another submit in this process (workers only ever lower it). A worker may take the entry
     * before the last step; it records the entry itself then, and this leaves its record alone. Idempotency records
     * live in this process' memory, as the tasks do.
     */
    static TaskIntake of(TaskStore store, TaskQueue queue) {
        return of(store, queue, Clock.systemUTC());
    }

    /** {@link #of(TaskStore, TaskQueue)} with the clock that times idempotency records. */
    static TaskIntake of(TaskStore store, TaskQueue queue, Clock clock) {
        return new LocalTaskIntake(store, queue, clock);
    }
}
