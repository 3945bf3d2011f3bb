package io.ddiffusion.core.events;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The embedded event log: the latest {@link #KEPT} events of each task in memory, written by
 * {@link io.ddiffusion.core.store.InMemoryTaskStore} in the same step as the change, handed to subscribers on the
 * writing thread. Ids have the Redis shape ({@code <ms>-<seq>}) and increase across the process.
 */
public final class InMemoryTaskEvents implements TaskEvents {
    private final Map<UUID, Log> logs = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int kept;
    private final BiConsumer<UUID, TaskEvent> tap;
    private long lastMs;
    private long seq;

    /** One task's events and subscribers; both guarded by the instance. */
    private static final class Log extends EventRing {
        /** Null while nobody watches (most tasks, for all the days they are kept); replaced, never changed. */
        Feed[] feeds;

        Log(int kept) {
            super(kept);
        }

        void watch(Feed feed) {
            feeds = feeds == null ? new Feed[] {feed} : Arrays.copyOf(feeds, feeds.length + 1);
            feeds[feeds.length - 1] = feed;
        }

        void unwatch(Feed feed) {
            if (feeds == null) {
                return;
            }
            Feed[] rest = Arrays.stream(feeds).filter(f -> f != feed).toArray(Feed[]::new);
            feeds = rest.length == 0 ? null : rest;
        }
    }

    /** A subscription: its listener and the id of the last event it was given. */
    private static final class Feed implements Subscription {
        final Listener listener;
        final Log log;
        final Map<UUID, Log> logs;
        final UUID taskId;
        volatile boolean closed;

        Feed(Listener listener, Log log, Map<UUID, Log> logs, UUID taskId) {
            this.listener = listener;
            this.log = log;
            this.logs = logs;
            this.taskId = taskId;
        }

        @Override
        public void close() {
            closed = true;
            synchronized (log) {
                log.unwatch(this);
                // why: a watched task that never got an event must not stay in the map after its last watcher
                if (log.feeds == null && log.isEmpty()) {
                    logs.remove(taskId, log);
                }
            }
        }
    }

    public InMemoryTaskEvents(Clock clock) {
        this(clock, KEPT, (id, e) -> { });
    }

    /**
     * @param tap is handed every event as it is appended, under the task's log lock (the embedded webhook outbox
     *     schedules its messages from it, as the Redis store's scripts do in the same step); it must return quickly
     */
    public InMemoryTaskEvents(Clock clock, BiConsumer<UUID, TaskEvent> tap) {
        this(clock, KEPT, tap);
    }

    /** @param kept how many of a task's latest events to keep (tests use fewer) */
    public InMemoryTaskEvents(Clock clock, int kept) {
        this(clock, kept, (id, e) -> { });
    }

    private InMemoryTaskEvents(Clock clock, int kept, BiConsumer<UUID, TaskEvent> tap) {
        if (kept < 1) {
            throw new IllegalArgumentException("kept must be positive: " + kept);
        }
        this.clock = clock;
        this.kept = kept;
        this.tap = tap;
    }

    /** Appends an event to the task's log and hands it to the task's subscribers; returns it. */
    public TaskEvent append(UUID taskId, TaskEvent.Kind kind, String value) {
        Log log = logs.computeIfAbsent(taskId, k -> new Log(kept));
        synchronized (log) {
            long millis;
            long sequence;
            synchronized (this) {
                long now = clock.millis();
                if (now > lastMs) {
                    lastMs = now;
                    seq = 0;
                } else {
                    seq++;
                }
                millis = lastMs;
                sequence = seq;
            }
            log.add(millis, sequence, kind, value);
            TaskEvent e = new TaskEvent(millis + "-" + sequence, kind, value);
            tap.accept(taskId, e);
            Feed[] feeds = log.feeds;
            if (feeds != null) {
                List<TaskEvent> one = List.of(e);
                for (Feed f : feeds) {
                    deliver(f, one);
                }
            }
            return e;
        }
    }

    /**
     * Starts the task's log afresh for a new task: forgets the events of an earlier task with this id, and keys the
     * log by {@code taskId}, the instance the store keys the task by.
     */
    public void open(UUID taskId) {
        // why: the first event would key the log by the id of whichever task object wrote it, a second UUID instance
        // kept for as long as the task
        delete(taskId);
        logs.putIfAbsent(taskId, new Log(kept));
    }

    /** Forgets a task's events (it expired, or a new task takes its id). */
    public void delete(UUID taskId) {
        Log log = logs.get(taskId);
        if (log != null) {
            synchronized (log) {
                log.clear();
                if (log.feeds == null) {
                    logs.remove(taskId, log);
                }
            }
        }
    }

    @Override
    public List<TaskEvent> read(UUID taskId, String after, int max) {
        Log log = logs.get(taskId);
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            return log.after(after, max);
        }
    }

    @Override
    public Subscription subscribe(UUID taskId, String after, Listener listener) {
        while (true) {
            Log log = logs.computeIfAbsent(taskId, k -> new Log(kept));
            synchronized (log) {
                if (logs.get(taskId) != log) {
                    continue; // why: deleted between the lookup and the lock; subscribe to the current one
                }
                Feed feed = new Feed(listener, log, logs, taskId);
                deliver(feed, log.after(after, Integer.MAX_VALUE));
                log.watch(feed);
                return feed;
            }
        }
    }

    private static void deliver(Feed feed, List<TaskEvent> events) {
        if (feed.closed) {
            return;
        }
        try {
            feed.listener.onEvents(events);
        } catch (RuntimeException e) {
            // why: a listener's failure is its own; the writer (a worker updating the task) must not see it
            feed.closed = true;
        }
    }
}
