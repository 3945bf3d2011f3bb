package io.ddiffusion.schema.common;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a task. Values and spelling are the original's (Celery states), so generated clients keep working.
 * Legal moves are one table: {@link #canMoveTo(TaskStatus)}.
 */
public enum TaskStatus {
    /** Accepted and waiting in its queue. */
    PENDING,
    /** Taken by a worker, not yet running (inputs being prepared). */
    RECEIVED,
    /** Running on a worker. */
    STARTED,
    SUCCESS,
    FAILURE,
    /** Kept for compatibility with the original's clients; this implementation re-queues reclaimed tasks as PENDING. */
    RETRY,
    /** Cancelled by its owner (or an admin). */
    REVOKED,
    /** Kept for compatibility; never produced. */
    REJECTED,
    /** Kept for compatibility; never produced. */
    IGNORED;

    private static final Set<TaskStatus> TERMINAL = EnumSet.of(SUCCESS, FAILURE, REVOKED, REJECTED, IGNORED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** The one table of legal moves. A reclaimed task goes back to PENDING from RECEIVED or STARTED. */
    public boolean canMoveTo(TaskStatus next) {
        return switch (this) {
            case PENDING -> next == RECEIVED || next == REVOKED || next == FAILURE;
            case RECEIVED -> next == STARTED || next == PENDING || next == REVOKED || next == FAILURE;
            case STARTED, RETRY -> next == SUCCESS || next == FAILURE || next == REVOKED || next == PENDING;
            case SUCCESS, FAILURE, REVOKED, REJECTED, IGNORED -> false;
        };
    }
}
