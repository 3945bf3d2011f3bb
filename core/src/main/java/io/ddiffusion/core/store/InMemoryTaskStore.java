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
 * progress and each log line is also written to the task's event log, under the task's lock right after the change,
 * so the events of one task come in the order of its changes and a listener that reads the task sees the change.
 */
public final class InMemoryTaskStore implements TaskStore {
    private record Entry(String json, long version, Instant expiresAt, List<String> logs, TaskStatus status,
            Progress progress) {
    }

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;
    private final InMemoryTaskEvents events;
    /** Striped per-task locks that order a task's changes with their events. */
    private final Object[] locks = new Object[64];

    /** @param events where the changes are written as events (the API streams them from there) */
    public InMemoryTaskStore(Duration retention, Clock clock, InMemoryTaskEvents events) {
        this.retention = retention;
        this.clock = clock;
        this.events = Objects.requireNonNull(events, "events");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
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
        return write(next, null);
    }

    /** Under the task's lock, so no other change or line comes between the change and its line. */
    @Override
    public Task update(Task next, String line) {
        return write(next, Objects.requireNonNull(line, "line"));
    }

    /** The change, then {@code line} unless null. */
    private Task write(Task next, String line) {
        Task[] stored = new Task[1];
        Entry[] before = new Entry[1];
        // why: the change's events are written after the change is visible (a listener may read the task at once)
        // and under the task's lock, so the events of one task keep the order of its changes
        synchronized (lockOf(next.id())) {
            entries.compute(next.id(), (id, old) -> {
                if (old == null || expired(old)) {
                    throw new TaskNotFoundException(id);
                }
                if (old.version != next.version()) {
                    throw new StaleTaskException(id, next.version(), old.version);
                }
                before[0] = old;
                stored[0] = next.withVersion(old.version + 1);
                return new Entry(Json.write(stored[0]), old.version + 1, expiry(), old.logs, next.status(),
                        next.progress());
            });
            if (next.status() != before[0].status) {
                events.append(next.id(), TaskEvent.Kind.STATUS, TaskEvent.value(next.status()));
            }
            if (next.progress() != null && !next.progress().equals(before[0].progress)) {
                events.append(next.id(), TaskEvent.Kind.PROGRESS, TaskEvent.value(next.progress()));
            }
            if (line != null) {
                appendLog(next.id(), line);
            }
        }
        return stored[0];
    }

    @Override
    public void appendLog(UUID id, String line) {
        synchronized (lockOf(id)) {
            boolean[] added = {false};
            entries.computeIfPresent(id, (k, e) -> {
                if (expired(e)) {
                    return e;
                }
                synchronized (e.logs) {
                    e.logs.add(line);
                }
                added[0] = true;
                return e;
            });
            if (added[0]) {
                events.append(id, TaskEvent.Kind.LOG, line);
            }
        }
    }

    private Object lockOf(UUID id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
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
