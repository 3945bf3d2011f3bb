package io.ddiffusion.redis;

import io.ddiffusion.core.events.EventIds;
import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.core.events.TaskEvents;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Task events in Redis: a stream per task ({@link RedisKeys#taskEvents}), written by {@link RedisTaskStore}'s scripts
 * in the step that makes the change; entry ids are the event ids. Reading is one thread per process, started on the
 * first subscription, on one dedicated connection: it {@code XREAD BLOCK}s over the streams of every watched task and
 * hands the entries to that task's subscribers, so a thousand watchers cost one connection, not a thousand. A new
 * subscription interrupts the wait ({@code CLIENT UNBLOCK}) to be added; its kept events are read ({@code XRANGE})
 * by the same thread before it joins, so nothing is handed out twice or skipped. While Redis is away the reader
 * retries every second and then resumes where each stream stood: subscribers miss nothing that Redis kept.
 */
public final class RedisTaskEvents implements TaskEvents {
    private static final Logger LOG = Logger.getLogger(RedisTaskEvents.class);
    /** Stream field of an event's kind ({@link TaskEvent.Kind#wireName()}). */
    static final String FIELD_KIND = "k";
    /** Stream field of an event's value. */
    static final String FIELD_VALUE = "v";
    /** How long one XREAD waits; also bounds how late a subscription joins if its wake-up came too early. */
    static final Duration BLOCK = Duration.ofSeconds(1);
    private static final int READ_COUNT = 500;

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final BlockingQueue<Feed> joining = new LinkedBlockingQueue<>();
    /** Watched tasks; only the reader thread changes it. */
    private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();
    private volatile Thread reader;
    private volatile long readerClientId = -1;
    private volatile boolean closed;

    /** A subscription: its listener and the id of the last event handed to it (reader thread only). */
    private final class Feed implements Subscription {
        final UUID taskId;
        final Listener listener;
        String last;
        boolean started;
        volatile boolean closed;

        Feed(UUID taskId, String after, Listener listener) {
            this.taskId = taskId;
            this.last = after;
            this.listener = listener;
        }

        /** Hands over the events after {@link #last}; false when the feed is closed or its listener failed. */
        boolean deliver(List<TaskEvent> events) {
            if (closed) {
                return false;
            }
            List<TaskEvent> fresh = new ArrayList<>(events.size());
            for (TaskEvent e : events) {
                if (last == null || EventIds.compare(e.id(), last) > 0) {
                    fresh.add(e);
                }
            }
            // why: the first call is the replay, handed over even when empty (see Listener)
            if (fresh.isEmpty() && started) {
                return true;
            }
            started = true;
            if (!fresh.isEmpty()) {
                last = fresh.getLast().id();
            }
            try {
                listener.onEvents(fresh);
                return true;
            } catch (RuntimeException e) {
                LOG.debugf("event listener of task %s failed: %s", taskId, e.toString());
                closed = true;
                return false;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A watched task: where its stream was read up to, and its subscribers. */
    private static final class Watched {
        String cursor;
        final List<Feed> feeds = new ArrayList<>();

        Watched(String cursor) {
            this.cursor = cursor;
        }
    }

    /** Does not own {@code redis}; {@link #close} stops the reader and gives its connection back. */
    public RedisTaskEvents(RedisConnections redis, RedisKeys keys) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public List<TaskEvent> read(UUID taskId, String after, int max) {
        return range(taskId, after, max);
    }

    @Override
    public Subscription subscribe(UUID taskId, String after, Listener listener) {
        if (closed) {
            throw new IllegalStateException("task events are closed");
        }
        Feed feed = new Feed(taskId, after, listener);
        joining.add(feed);
        startReader();
        wakeReader();
        return feed;
    }

    private List<TaskEvent> range(UUID taskId, String after, int max) {
        Range<String> range = Range.from(after == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(
                after), Range.Boundary.unbounded());
        List<StreamMessage<String, String>> found = redis.sync().xrange(keys.taskEvents(taskId), range,
                Limit.from(max));
        List<TaskEvent> out = new ArrayList<>(found.size());
        for (StreamMessage<String, String> m : found) {
            TaskEvent e = event(m);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private static TaskEvent event(StreamMessage<String, String> m) {
        TaskEvent.Kind kind = TaskEvent.Kind.ofWireName(m.getBody().get(FIELD_KIND));
        String value = m.getBody().get(FIELD_VALUE);
        return kind == null || value == null ? null : new TaskEvent(m.getId(), kind, value);
    }

    private synchronized void startReader() {
        if (reader == null && !closed) {
            reader = Thread.ofPlatform().daemon().name("ddiffusion-task-events").start(this::run);
        }
    }

    /** Interrupts the reader's XREAD so that it takes new subscriptions in at once. */
    private void wakeReader() {
        long id = readerClientId;
        if (id < 0) {
            return;
        }
        try {
            redis.async().clientUnblock(id, UnblockType.TIMEOUT);
        } catch (RuntimeException e) {
            // why: without the wake-up the subscription still joins within one BLOCK
            LOG.debugf("cannot wake the event reader: %s", e.toString());
        }
    }

    private void run() {
        boolean failing = false;
        StatefulRedisConnection<String, String> conn = null;
        while (!closed) {
            try {
                if (conn == null) {
                    conn = redis.borrowBlocking();
                    readerClientId = conn.sync().clientId();
                }
                admit();
                if (watched.isEmpty()) {
                    Feed next = joining.poll(30, TimeUnit.SECONDS);
                    if (next != null) {
                        joining.add(next);
                    }
                    continue;
                }
                dispatch(conn.sync().xread(XReadArgs.Builder.block(BLOCK).count(READ_COUNT), offsets()));
                if (failing) {
                    LOG.info("Task events: reading from Redis again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!failing) {
                    LOG.warnf("Task events: cannot read from Redis (%s); retrying every second", e.toString());
                    failing = true;
                }
                if (conn != null) {
                    redis.discard(conn);
                    conn = null;
                    readerClientId = -1;
                }
                sleepQuietly();
            }
        }
        readerClientId = -1;
        if (conn != null) {
            redis.discard(conn);
        }
    }

    /** Takes in new subscriptions: hands each its kept events, then adds it to its task's subscribers. */
    private void admit() {
        Feed feed;
        while ((feed = joining.peek()) != null) {
            if (!feed.closed) {
                // why: read before joining, on this thread; what the next XREAD repeats is dropped by the feed's id
                feed.deliver(range(feed.taskId, feed.last, Integer.MAX_VALUE));
                Watched w = watched.get(feed.taskId);
                if (w == null) {
                    watched.put(feed.taskId, w = new Watched(feed.last == null ? "0-0" : feed.last));
                }
                w.feeds.add(feed);
            }
            joining.remove(feed);
        }
        watched.values().forEach(w -> w.feeds.removeIf(f -> f.closed));
        watched.values().removeIf(w -> w.feeds.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private XReadArgs.StreamOffset<String>[] offsets() {
        XReadArgs.StreamOffset<String>[] out = new XReadArgs.StreamOffset[watched.size()];
        int i = 0;
        for (Map.Entry<UUID, Watched> e : watched.entrySet()) {
            out[i++] = XReadArgs.StreamOffset.from(keys.taskEvents(e.getKey()), e.getValue().cursor);
        }
        return out;
    }

    private void dispatch(List<StreamMessage<String, String>> read) {
        Map<String, List<TaskEvent>> byStream = new HashMap<>();
        for (StreamMessage<String, String> m : read) {
            TaskEvent e = event(m);
            byStream.computeIfAbsent(m.getStream(), k -> new ArrayList<>());
            if (e != null) {
                byStream.get(m.getStream()).add(e);
            }
            Watched w = watchedOf(m.getStream());
            if (w != null) {
                w.cursor = m.getId();
            }
        }
        for (Map.Entry<String, List<TaskEvent>> e : byStream.entrySet()) {
            Watched w = watchedOf(e.getKey());
            if (w != null && !e.getValue().isEmpty()) {
                w.feeds.removeIf(f -> !f.deliver(e.getValue()));
            }
        }
    }

    private Watched watchedOf(String stream) {
        try {
            // why: the key ends with the task id (RedisKeys#taskEvents)
            return watched.get(UUID.fromString(stream.substring(stream.length() - 36)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Redis client id of the reader's connection, -1 while it has none (for tests). */
    long readerClientId() {
        return readerClientId;
    }

    /** How many tasks the reader follows now (for tests). */
    int watchedTasks() {
        return watched.size();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = reader;
        if (t != null) {
            wakeReader();
            t.interrupt();
            try {
                t.join(BLOCK.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
