package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.task.Task;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link TaskIntake#of}: any store and queue composed within one process, submits taking turns. */
final class LocalTaskIntake implements TaskIntake {
    private final TaskStore store;
    private final TaskQueue queue;
    private final Clock clock;
    private final ReentrantLock turns = new ReentrantLock();
    /**
     * Idempotency records by scope and key, guarded by {@link #turns}. In creation order: with one TTL for all (the
     * API's setting) that is expiry order too, so expired ones are dropped from the head as submits come.
     */
    private final Map<String, Entry> records = new LinkedHashMap<>();

    LocalTaskIntake(TaskStore store, TaskQueue queue, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Entry(IdempotencyRecord record, Instant expires) {
    }

    @Override
    public Task submit(Task task, int backlogLimit) {
        TaskIntake.requireUnqueued(task);
        Created created;
        turns.lock();
        try {
            created = createAndEnqueue(task, backlogLimit);
        } finally {
            turns.unlock();
        }
        return recordEntry(created);
    }

    @Override
    public Submitted submit(Task task, int backlogLimit, IdempotencyClaim claim) {
        TaskIntake.requireUnqueued(task);
        Created created;
        turns.lock();
        try {
            Instant now = clock.instant();
            dropExpired(now);
            Optional<IdempotencyRecord> existing = live(claim.scope(), claim.key(), now);
            if (existing.isPresent()) {
                if (!existing.get().matches(claim.fingerprint())) {
                    throw new IdempotencyMismatchException(claim.key());
                }
                return new Submitted(existing.get().taskId(), true);
            }
            created = createAndEnqueue(task, backlogLimit);
            // why: an expired record not yet dropped keeps its place on put; removing it first keeps creation order
            records.remove(id(claim.scope(), claim.key()));
            records.put(id(claim.scope(), claim.key()), new Entry(new IdempotencyRecord(claim.fingerprint(),
                    task.id(), now), now.plus(claim.ttl())));
        } finally {
            turns.unlock();
        }
        recordEntry(created);
        return new Submitted(task.id(), false);
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String scope, String key) {
        turns.lock();
        try {
            return live(scope, key, clock.instant());
        } finally {
            turns.unlock();
        }
    }

    /** A task as {@link TaskStore#create} stored it, and its queue entry, not yet written into the record. */
    private record Created(Task task, String entry) {
    }

    /** Under {@link #turns}: the backlog check, the record and the queue entry. */
    private Created createAndEnqueue(Task task, int backlogLimit) {
        if (backlogLimit != Integer.MAX_VALUE) {
            int waiting = queue.waitingInAllQueues();
            if (waiting >= backlogLimit) {
                throw new BacklogFullException(waiting, backlogLimit);
            }
        }
        Task created = store.create(task);
        return new Created(created, queue.enqueue(task.queue(), task.id(), task.name()));
    }

    /**
     * Writes the entry into the record, outside the turns. A worker may take the entry first; it records the entry
     * itself then, and this leaves its record alone.
     */
    private Task recordEntry(Created created) {
        String entry = created.entry();
        // why: a record deleted meanwhile (FLUSHDB) still got queued; the worker will skip its entry
        return store.modify(created.task(), t -> t.queueEntry() == null ? t.enqueuedAs(entry) : t)
                .orElseGet(() -> created.task().enqueuedAs(entry));
    }

    private Optional<IdempotencyRecord> live(String scope, String key, Instant now) {
        Entry e = records.get(id(scope, key));
        return e == null || !e.expires().isAfter(now) ? Optional.empty() : Optional.of(e.record());
    }

    private void dropExpired(Instant now) {
        for (Iterator<Entry> it = records.values().iterator(); it.hasNext(); ) {
            if (it.next().expires().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }

    private static String id(String scope, String key) {
        // why: a newline is in neither an API key id nor an Idempotency-Key (the API checks the characters)
        return scope + "\n" + key;
    }
}
