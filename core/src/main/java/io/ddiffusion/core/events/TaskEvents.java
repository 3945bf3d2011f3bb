package io.ddiffusion.core.events;

import java.util.List;
import java.util.UUID;

/**
 * The event log of every task: what the task store wrote, in the step that made the change, as {@link TaskEvent}s.
 * A task's events expire with its record, and only the latest {@link #KEPT} or so are kept, so a reader that
 * resumes after an id that is gone gets what remains. Readers are API nodes streaming events to clients (and, later,
 * webhook deliveries); the writers are the task stores. Implementations are thread-safe.
 */
public interface TaskEvents extends AutoCloseable {
    /** How many of a task's latest events are kept at least (Redis trims approximately, keeping a few more). */
    int KEPT = 1000;

    /**
     * The task's events after {@code after}, oldest first, at most {@code max}.
     *
     * @param after an event id (exclusive), or null for the oldest event kept; an id older than every event kept
     *     (trimmed or from before a restart) reads from the oldest kept
     * @return empty for unknown or expired tasks
     */
    List<TaskEvent> read(UUID taskId, String after, int max);

    /**
     * Hands {@code listener} every event of the task after {@code after}, oldest first, without gaps or duplicates:
     * those kept now, then each new one soon after it is written, until the subscription is closed. On Redis, one
     * reader per process serves all subscriptions.
     *
     * @param after as for {@link #read}
     */
    Subscription subscribe(UUID taskId, String after, Listener listener);

    /**
     * Receives a subscription's events. The first call hands over the events kept when the subscription began (an
     * empty list when there were none), later calls the new ones: a reader can tell a replay it asked for from live
     * events. Called by one thread at a time per subscription, often the thread that wrote the event (embedded) or
     * the shared reader (Redis): it must return quickly and never block.
     */
    @FunctionalInterface
    interface Listener {
        void onEvents(List<TaskEvent> events);
    }

    /** Stops the deliveries of one {@link #subscribe}; closing twice does nothing. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    default void close() {
    }
}
