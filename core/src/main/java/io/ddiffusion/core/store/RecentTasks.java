package io.ddiffusion.core.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The newest tasks by submit time, for the admin's dashboard: a capped index of ids, not a record of every task
 * (the records stay in the {@link TaskStore}, and an id whose record expired is simply not found there). Thread-safe;
 * shared by every API node in distributed mode.
 */
public interface RecentTasks {
    /** How many ids the index keeps; older ones fall out as new tasks come in. */
    int CAPACITY = 1000;

    /** Records a submitted task. Best effort: the index is a view for operators, never needed to run a task. */
    void add(UUID id, Instant submittedAt);

    /** Up to {@code limit} ids, newest first. */
    List<UUID> newest(int limit);
}
