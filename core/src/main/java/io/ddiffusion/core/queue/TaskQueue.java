package io.ddiffusion.core.queue;

import io.ddiffusion.schema.common.QueuePosition;
import io.ddiffusion.schema.common.Queue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The broker. An entry carries only a task id and name (payloads live in the task store and storage). Delivery is
 * at-least-once with late acknowledgement: a claimed entry belongs to its worker until {@link #ack}; it is delivered
 * again only through {@link #reclaim}, and only when the worker that holds it has stopped heartbeating, however long
 * the task runs. Implementations are thread-safe.
 */
public interface TaskQueue extends AutoCloseable {

    /** Appends an entry at the back of {@code queue}; returns its entry id. */
    String enqueue(Queue queue, UUID taskId, String taskName);

    /**
     * Takes up to {@code max} waiting entries for {@code worker}, waiting up to {@code wait} for the first one.
     *
     * @return the entries, oldest first; empty when none arrived in time
     */
    List<Delivery> claim(Queue queue, String worker, int max, Duration wait) throws InterruptedException;

    /**
     * Done with an entry: it will never be delivered again. Only the delivery that holds the entry now may do it:
     * after the entry was reclaimed by another worker, or taken back by the same one (a higher delivery count), an
     * older delivery's ack does nothing, so a worker that wakes up from a freeze cannot drop the new owner's entry.
     *
     * @return true if this call acknowledged the entry
     */
    boolean ack(Delivery delivery);

    /**
     * Removes an entry that no worker has claimed yet (a cancelled task).
     *
     * @return true if it was waiting and is gone; false if it was already claimed or unknown
     */
    boolean remove(Queue queue, String entryId);

    /** Marks {@code worker} alive for {@code ttl}. A worker that stops calling this is considered dead. */
    void heartbeat(String worker, Duration ttl);

    /**
     * Marks {@code worker} alive for {@code ttl} and publishes its status, readable through {@link #workers()} until
     * the heartbeat expires.
     */
    void heartbeat(String worker, Duration ttl, WorkerStatus status);

    /** The status of every live worker, by worker id (those that published none appear with their id only). */
    java.util.List<WorkerStatus> workers();

    /** The worker leaves cleanly: it is dead at once, so whatever it still holds can be reclaimed. */
    void retire(String worker);

    /** Whether {@code worker}'s last heartbeat is still valid. */
    boolean isAlive(String worker);

    /**
     * Moves up to {@code max} entries held by dead workers to {@code worker}, incrementing their delivery count.
     * Entries of live workers are never taken.
     */
    List<Delivery> reclaim(Queue queue, String worker, int max);

    /**
     * Entries {@code worker} holds but is not running (their ids not in {@code running}): ones it dropped because
     * their final write or acknowledgement failed while the broker was away. They are delivered to it again, their
     * delivery counts incremented, like a reclaim, so nothing stays owned by a live worker that forgot it.
     */
    List<Delivery> takeBack(Queue queue, String worker, java.util.Set<String> running, int max);

    /** Where a waiting entry stands (1 = next), or empty when it is no longer waiting. */
    Optional<QueuePosition> position(Queue queue, String entryId);

    /** How many entries wait in {@code queue} (claimed ones are not counted). */
    int waiting(Queue queue);

    /**
     * When the entry that has waited longest in {@code queue} was enqueued, by the broker's clock (entry ids carry it);
     * empty when none waits. For the oldest-wait metric: how far behind a queue's workers are.
     */
    Optional<java.time.Instant> oldestWaiting(Queue queue);

    /** How many entries wait in all queues together: what the backlog guard checks on every submit. */
    default int waitingInAllQueues() {
        int total = 0;
        for (Queue q : Queue.values()) {
            total += waiting(q);
        }
        return total;
    }

    @Override
    default void close() {
    }
}
