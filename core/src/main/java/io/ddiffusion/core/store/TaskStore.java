package io.ddiffusion.core.store;

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
                return Optional.of(update(next.withVersion(current.get().version())));
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

    /**
     * Like {@link #modify(UUID, UnaryOperator)}, starting from {@code read}, a version of the task read earlier: when
     * nobody changed the task since, this is one write and no read.
     */
    default Optional<Task> modify(Task read, UnaryOperator<Task> change) {
        Task next = change.apply(read);
        if (next == read) {
            return Optional.of(read);
        }
        try {
            return Optional.of(update(next));
        } catch (StaleTaskException e) {
            return modify(read.id(), change);
        } catch (TaskNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    default void close() {
    }
}
