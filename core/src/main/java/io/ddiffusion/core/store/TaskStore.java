package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Keeps task records and their logs until they expire. Implementations are thread-safe and shared by API and
 * workers; every record expires a fixed retention after its last write.
 */
public interface TaskStore extends AutoCloseable {

    /** Stores a new task at version 1. @throws IllegalStateException if the id exists */
    Task create(Task task);

    /** The task, or empty when unknown or expired. */
    Optional<Task> find(UUID id);

    /** The tasks of {@code ids} that exist, in the order of {@code ids} (one round trip on Redis). */
    default List<Task> findAll(List<UUID> ids) {
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /**
     * Replaces the stored task if its version still equals {@code next.version()}; stores and returns it with the
     * version incremented.
     *
     * @throws StaleTaskException when someone else changed the task since {@code next} was read
     * @throws TaskNotFoundException when the task is gone
     */
    Task update(Task next);

    /**
     * As {@link #update(Task)}, and appends {@code line} to the task's log in the same atomic step, after the change's
     * own events (one round trip on Redis). Nothing is appended when the update is refused.
     */
    Task update(Task next, String line);

    /**
     * As {@link #update(Task)}, and acknowledges {@code delivery} on {@code queue} once the change is stored: never
     * before, so an entry is not acknowledged without the change (a refused update acknowledges nothing). A store
     * that shares its backend with the queue does both in one atomic step (Redis: one script, one round trip); this
     * default writes, then acknowledges, so a crash between the two leaves the entry to be delivered again.
     */
    default Task update(Task next, TaskQueue queue, Delivery delivery) {
        Task stored = update(next);
        queue.ack(delivery);
        return stored;
    }

    /** Appends one log line; lines are never rewritten. Unknown ids are ignored. */
    void appendLog(UUID id, String line);

    /** All log lines in order; empty for unknown ids. */
    List<String> logs(UUID id);

    /** The task and its log lines, read together (one round trip on Redis); empty when unknown or expired. */
    default Optional<TaskWithLogs> findWithLogs(UUID id) {
        return find(id).map(t -> new TaskWithLogs(t, logs(id)));
    }

    /**
     * Deletes records whose retention ended; returns how many went. Stores whose backend expires keys by itself
     * return 0.
     */
    int deleteExpired();

    /**
     * Reads, changes and writes back, retrying when another writer got there first.
     *
     * @param change returns the next task (from the one read), or the same instance to leave it unchanged; may throw
     *     to abort
     * @return the stored task after the change, or empty when the task is gone
     */
    default Optional<Task> modify(UUID id, UnaryOperator<Task> change) {
        return modify(id, change, this::update);
    }

    /**
     * Like {@link #modify(UUID, UnaryOperator)}, starting from {@code read}, a version of the task read earlier: when
     * nobody changed the task since, this is one write and no read.
     */
    default Optional<Task> modify(Task read, UnaryOperator<Task> change) {
        return modify(read, change, this::update);
    }

    /**
     * As {@link #modify(Task, UnaryOperator)}, the change's write carrying {@code line} for the task's log
     * ({@link #update(Task, String)}); a change that leaves the task as it is appends the line alone.
     */
    default Optional<Task> modify(Task read, UnaryOperator<Task> change, String line) {
        return modify(read, change, next -> update(next, line), () -> appendLog(read.id(), line));
    }

    /**
     * As {@link #modify(Task, UnaryOperator)}, the change's write acknowledging {@code delivery}
     * ({@link #update(Task, TaskQueue, Delivery)}); a change that leaves the task as it is acknowledges it alone.
     * Nothing is acknowledged when the change throws or the task is gone.
     */
    default Optional<Task> modify(Task read, UnaryOperator<Task> change, TaskQueue queue, Delivery delivery) {
        return modify(read, change, next -> update(next, queue, delivery), () -> queue.ack(delivery));
    }

    /** As the other modify from a read task, running {@code unchanged} when there was nothing to write. */
    private Optional<Task> modify(Task read, UnaryOperator<Task> change, UnaryOperator<Task> write,
            Runnable unchanged) {
        boolean[] written = {false};
        Optional<Task> stored = modify(read, change, next -> {
            Task t = write.apply(next);
            written[0] = true;
            return t;
        });
        if (stored.isPresent() && !written[0]) {
            unchanged.run();
        }
        return stored;
    }

    private Optional<Task> modify(Task read, UnaryOperator<Task> change, UnaryOperator<Task> write) {
        Task next = change.apply(read);
        if (next == read) {
            return Optional.of(read);
        }
        try {
            return Optional.of(write.apply(next));
        } catch (StaleTaskException e) {
            return modify(read.id(), change, write);
        } catch (TaskNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Task> modify(UUID id, UnaryOperator<Task> change, UnaryOperator<Task> write) {
        for (int attempt = 0; ; attempt++) {
            Optional<Task> current = find(id);
            if (current.isEmpty()) {
                return current;
            }
            Task next = change.apply(current.get());
            if (next == current.get()) {
                return current;
            }
            try {
                return Optional.of(write.apply(next.withVersion(current.get().version())));
            } catch (StaleTaskException e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.onSpinWait();
            } catch (TaskNotFoundException e) {
                return Optional.empty();
            }
        }
    }

    @Override
    default void close() {
    }
}
