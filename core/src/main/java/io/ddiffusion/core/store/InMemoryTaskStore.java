package io.ddiffusion.core.store;

import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.task.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded task store: production code for the one-process mode. Tasks go through JSON on the way in and out,
 * like the Redis store, so nothing shares mutable state with callers and both behave alike.
 */
public final class InMemoryTaskStore implements TaskStore {
    private record Entry(String json, long version, Instant expiresAt, List<String> logs) {
    }

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;

    public InMemoryTaskStore(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    public InMemoryTaskStore(Duration retention) {
        this(retention, Clock.systemUTC());
    }

    @Override
    public Task create(Task task) {
        Task stored = task.withVersion(1);
        Entry entry = new Entry(Json.write(stored), 1, expiry(), new ArrayList<>());
        Entry previous = entries.compute(task.id(), (id, old) -> old != null && !expired(old) ? old : entry);
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
            return new Entry(Json.write(stored[0]), old.version + 1, expiry(), old.logs);
        });
        return stored[0];
    }

    @Override
    public void appendLog(UUID id, String line) {
        entries.computeIfPresent(id, (k, e) -> {
            synchronized (e.logs) {
                e.logs.add(line);
            }
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
        int before = entries.size();
        entries.values().removeIf(this::expired);
        return before - entries.size();
    }

    private Instant expiry() {
        return clock.instant().plus(retention);
    }

    private boolean expired(Entry e) {
        return !clock.instant().isBefore(e.expiresAt);
    }
}
