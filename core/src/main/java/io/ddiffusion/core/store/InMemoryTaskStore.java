package io.ddiffusion.core.store;

import io.ddiffusion.core.events.InMemoryTaskEvents;
import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded task store: production code for the one-process mode. Tasks go through JSON on the way in and out,
 * like the Redis store, so nothing shares mutable state with callers and both behave alike. Each change of status or
 * progress and each log line is also written to the task's event log, under the same lock as the change, so the
 * events of one task come in the order of its changes.
 */
public final class InMemoryTaskStore implements TaskStore {
    private record Entry(String json, long version, Instant expiresAt, List<String> logs, TaskStatus status,
            Progress progress) {
    }

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;
    private final InMemoryTaskEvents events;

    /** @param events where the changes are written as events (the API streams them from there) */
    public InMemoryTaskStore(Duration retention, Clock clock, InMemoryTaskEvents events) {
        this.retention = retention;
        this.clock = clock;
        this.events = Objects.requireNonNull(events, "events");
    }

    public InMemoryTaskStore(Duration retention, Clock clock) {
        this(retention, clock, new InMemoryTaskEvents(clock));
    }

    public InMemoryTaskStore(Duration retention) {
        this(retention, Clock.systemUTC());
    }

    @Override
    public Task create(Task task) {
        Task stored = task.withVersion(1);
        Entry entry = new Entry(Json.write(stored), 1, expiry(), new ArrayList<>(), stored.status(),
                stored.progress());
        Entry previous = entries.compute(task.id(), (id, old) -> {
            if (old != null && !expired(old)) {
                return old;
            }
            // why: events of an earlier task with this id must not show up under the new one
            events.delete(id);
            return entry;
        });
        if (previous != entry) {
            throw new IllegalStateException("task " + task.id() + " already exists");
        }
        return stored;
    }

    @Override
    public Optional<Task> find(UUID id) {
        Entry e = entries.get(id);
        if (e == null || expired(e)) {
            return Optional.empty();
        }
        return Optional.of(Json.read(e.json, Task.class));
    }

    @Override
    public Task update(Task next) {
        Task[] stored = new Task[1];
        entries.compute(next.id(), (id, old) -> {
            if (old == null || expired(old)) {
                throw new TaskNotFoundException(id);
            }
            if (old.version != next.version()) {
                throw new StaleTaskException(id, next.version(), old.version);
            }
            stored[0] = next.withVersion(old.version + 1);
            if (next.status() != old.status) {
                events.append(id, TaskEvent.Kind.STATUS, TaskEvent.value(next.status()));
            }
            if (next.progress() != null && !next.progress().equals(old.progress)) {
                events.append(id, TaskEvent.Kind.PROGRESS, TaskEvent.value(next.progress()));
            }
            return new Entry(Json.write(stored[0]), old.version + 1, expiry(), old.logs, next.status(),
                    next.progress());
        });
        return stored[0];
    }

    @Override
    public void appendLog(UUID id, String line) {
        entries.computeIfPresent(id, (k, e) -> {
            if (expired(e)) {
                return e;
            }
            synchronized (e.logs) {
                e.logs.add(line);
            }
            events.append(k, TaskEvent.Kind.LOG, line);
            return e;
        });
    }

    @Override
    public List<String> logs(UUID id) {
        Entry e = entries.get(id);
        if (e == null || expired(e)) {
            return List.of();
        }
        synchronized (e.logs) {
            return List.copyOf(e.logs);
        }
    }

    @Override
    public int deleteExpired() {
        int removed = 0;
        for (Map.Entry<UUID, Entry> e : entries.entrySet()) {
            if (expired(e.getValue()) && entries.remove(e.getKey(), e.getValue())) {
                events.delete(e.getKey());
                removed++;
            }
        }
        return removed;
    }

    private Instant expiry() {
        return clock.instant().plus(retention);
    }

    private boolean expired(Entry e) {
        return !clock.instant().isBefore(e.expiresAt);
    }
}
