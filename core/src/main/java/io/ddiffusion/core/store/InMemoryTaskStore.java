package io.ddiffusion.core.store;

import io.ddiffusion.core.events.InMemoryTaskEvents;
import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
    /**
     * A task as kept, replaced on every change. A finished task is kept for days, so this is the whole of it besides
     * its event log: one object and two arrays.
     *
     * @param json the task as {@link PositionalJson} (why: bytes, not a String, which would be one more object)
     * @param expiresAt epoch nanoseconds (why: not an Instant, one more object)
     * @param progress the task's progress while it runs; null once it finished (why: a finished task's progress is
     *     compared only when something writes it again, rarely, and the JSON has it)
     * @param logs its log lines, the first {@code lines} of them; shared by the entries that follow (a line is
     *     written past every older entry's count), exactly sized once the task finished
     */
    private record Entry(byte[] json, long version, long expiresAt, TaskStatus status, Progress progress,
            String[] logs, int lines) {

        Entry withLine(String line) {
            String[] all = logs;
            if (lines == all.length) {
                // why: most tasks log a line or two and are kept long after, so a short or finished log grows by one;
                // a long running one grows by half, so it is not copied on every line
                all = Arrays.copyOf(all, lines < 8 || status.isTerminal() ? lines + 1 : lines + (lines >> 1));
            }
            all[lines] = line;
            return new Entry(json, version, expiresAt, status, progress, all, lines + 1);
        }

        Task task() {
            return PositionalJson.read(json);
        }

        /** The progress it had: read back from the JSON once it finished. */
        Progress progressBefore() {
            return status.isTerminal() ? task().progress() : progress;
        }
    }

    private static final String[] NO_LINES = {};

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
        Entry entry = entry(stored, expiry(), NO_LINES, 0);
        Entry previous = entries.compute(task.id(), (id, old) -> {
            if (old != null && !expired(old)) {
                return old;
            }
            // why: events of an earlier task with this id must not show up under the new one
            events.open(id);
            return entry;
        });
        if (previous != entry) {
            throw new IllegalStateException("task " + task.id() + " already exists");
        }
        return stored;
    }

    @Override
    public Optional<Task> find(UUID id) {
        Entry e = live(id);
        return e == null ? Optional.empty() : Optional.of(e.task());
    }

    /** One look-up for both. */
    @Override
    public Optional<TaskWithLogs> findWithLogs(UUID id) {
        Entry e = live(id);
        return e == null ? Optional.empty()
                : Optional.of(new TaskWithLogs(e.task(), linesOf(e)));
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
                return entry(stored[0], expiry(), old.logs, old.lines);
            });
            if (next.status() != before[0].status) {
                events.append(next.id(), TaskEvent.Kind.STATUS, TaskEvent.value(next.status()));
            }
            if (next.progress() != null && !next.progress().equals(before[0].progressBefore())) {
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
                added[0] = true;
                return e.withLine(line);
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
        Entry e = live(id);
        return e == null ? List.of() : linesOf(e);
    }

    private static List<String> linesOf(Entry e) {
        return List.copyOf(Arrays.asList(e.logs).subList(0, e.lines));
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

    /** The entry of {@code task} as stored; a finished task's keeps no copy of its progress and no spare slots. */
    private static Entry entry(Task task, long expiresAt, String[] logs, int lines) {
        boolean finished = task.status().isTerminal();
        return new Entry(PositionalJson.write(task), task.version(), expiresAt, task.status(),
                finished ? null : task.progress(), finished && logs.length > lines ? Arrays.copyOf(logs, lines)
                : logs, lines);
    }

    private Entry live(UUID id) {
        Entry e = entries.get(id);
        return e == null || expired(e) ? null : e;
    }

    private long expiry() {
        return nanos(clock.instant().plus(retention));
    }

    private boolean expired(Entry e) {
        return nanos(clock.instant()) >= e.expiresAt;
    }

    /** Epoch nanoseconds, held at the ends of a long (the years 1677 and 2262). */
    private static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
