package io.ddiffusion.api.events;

import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.core.events.TaskEvents;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.QueuePosition;
import io.ddiffusion.schema.common.TaskStatus;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One client's stream of one task's events. Events go out in the order they come. At most the buffer's worth of
 * bytes is handed to the connection and not yet written to the client; the rest waits in this stream's queue. New
 * events that would make the queue hold more than the buffer mean the client does not keep up: it is disconnected
 * (it resumes with Last-Event-ID) rather than allowed to grow the server's memory. The first batch, the kept events a
 * client asked to replay, is exempt: it is in memory already, bounded by what the log keeps, and goes out at the
 * client's pace.
 */
final class EventStream implements TaskEvents.Listener {
    private static final Logger LOG = Logger.getLogger(EventStream.class);
    /** What an event costs beyond its data: field names, id, line ends. */
    private static final int FRAME_BYTES = 64;
    /** How long EventSource waits before it reconnects (SSE {@code retry:}). */
    private static final long RECONNECT_MILLIS = 2000;

    /** What the stream asks of {@link TaskEventStreams}. */
    interface Host {
        /** The task's status changed (for the queue position watch). */
        void status(EventStream stream, TaskStatus status);

        /** The task finished: build and send the final event. */
        void finished(EventStream stream);
    }

    final UUID taskId;
    final Function<Object, String> json;
    final Function<Task, Object> finalBody;
    private final SseEventSink sink;
    private final Sse sse;
    private final HttpServerResponse http;
    private final long bufferBytes;
    private final Host host;
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    /** Events waiting for room on the connection (guarded by this). */
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private long queuedCounted;
    private long inFlight;
    private boolean pumping;
    private boolean firstBatchSeen;
    private boolean endWhenSent;
    private boolean finishing;
    private volatile boolean closed;

    /** An event waiting to go out; {@code counted}: it counts against the buffer. */
    private record Out(OutboundSseEvent event, long size, boolean counted) {
    }

    EventStream(UUID taskId, Function<Object, String> json, Function<Task, Object> finalBody,
            SseEventSink sink, Sse sse, HttpServerResponse http, long bufferBytes, Host host) {
        this.taskId = taskId;
        this.json = json;
        this.finalBody = finalBody;
        this.sink = sink;
        this.sse = sse;
        this.http = http;
        this.bufferBytes = bufferBytes;
        this.host = host;
    }

    /** The data of each kind of event. */
    record StatusData(TaskStatus status) {
    }

    record ProgressData(long step, long total) {
    }

    record LogData(String line) {
    }

    @Override
    public void onEvents(List<TaskEvent> events) {
        boolean replay;
        synchronized (this) {
            replay = !firstBatchSeen;
            firstBatchSeen = true;
        }
        for (TaskEvent e : events) {
            Object data = switch (e.kind()) {
                case STATUS -> new StatusData(e.status());
                case PROGRESS -> new ProgressData(e.progress().step(), e.progress().total());
                case LOG -> new LogData(e.value());
            };
            send(e.id(), e.kind().wireName(), json.apply(data), !replay);
            if (e.kind() == TaskEvent.Kind.STATUS) {
                host.status(this, e.status());
                if (e.status().isTerminal()) {
                    finish();
                }
            }
        }
    }

    /** Claims the final event for the caller, who sends it; false when it was claimed before. */
    synchronized boolean claimFinal() {
        if (finishing || closed) {
            return false;
        }
        finishing = true;
        return true;
    }

    /** Asks for the final event once, however often the end is seen. */
    void finish() {
        synchronized (this) {
            if (finishing || closed) {
                return;
            }
            finishing = true;
        }
        host.finished(this);
    }

    void position(QueuePosition p) {
        send(null, TaskEventStreams.QUEUE_POSITION, json.apply(p), true);
    }

    /**
     * The stream's first bytes, written by the request's own thread: a comment and the reconnection delay for
     * EventSource. why: events may come from another thread at once (the Redis reader); the response's head must be
     * out before, or that thread and the framework's own start of the stream both try to write it.
     */
    synchronized void hello() {
        enqueue(new Out(sse.newEventBuilder().comment("connected").reconnectDelay(RECONNECT_MILLIS).build(),
                FRAME_BYTES, false));
    }

    /**
     * A comment line, unless events wait anyway: keeps proxies from closing a quiet stream, and finds clients that
     * went away.
     */
    synchronized void heartbeat() {
        if (!closed && queue.isEmpty()) {
            enqueue(new Out(sse.newEventBuilder().comment("keep-alive").build(), FRAME_BYTES, false));
        }
    }

    /** Sends the final event after what waits, then ends the stream. */
    synchronized void sendFinal(String body) {
        send(null, TaskEventStreams.FINAL, body, false);
        endWhenSent = true;
        pump();
    }

    /** Ends the stream normally: what was sent still reaches the client. */
    synchronized void end() {
        if (!closed) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing the event stream of task %s: %s", taskId, e.toString());
            }
            close();
        }
    }

    /** Runs {@code action} when the stream closes (at once if it has). */
    void onClose(Runnable action) {
        onClose.add(action);
        if (closed && onClose.remove(action)) {
            Thread.ofVirtual().start(action);
        }
    }

    /**
     * Releases what the stream holds; the connection itself is the sink's. The release runs on a thread of its own:
     * why: close may be called with this stream's lock held, and a subscription's release takes the event log's
     * lock, which an event writer holds while it calls into this stream.
     */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Thread.ofVirtual().start(this::release);
    }

    private void release() {
        for (Runnable r : onClose) {
            if (onClose.remove(r)) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.debugf("releasing the event stream of task %s: %s", taskId, e.toString());
                }
            }
        }
    }

    boolean closed() {
        return closed;
    }

    private synchronized void send(String id, String name, String data, boolean counted) {
        if (closed) {
            return;
        }
        OutboundSseEvent.Builder b = sse.newEventBuilder().name(name).data(data);
        if (id != null) {
            b.id(id);
        }
        enqueue(new Out(b.build(), data.length() + FRAME_BYTES, counted));
    }

    private void enqueue(Out out) {
        if (out.counted) {
            queuedCounted += out.size;
            if (queuedCounted > bufferBytes && inFlight > 0) {
                drop(queuedCounted + inFlight);
                return;
            }
        }
        queue.addLast(out);
        pump();
    }

    /** Hands queued events to the connection while less than the buffer is in flight (callers hold the lock). */
    private void pump() {
        if (pumping) {
            return; // why: a write that completes at once calls back in here; the loop below carries on
        }
        pumping = true;
        try {
            while (!closed && !queue.isEmpty() && inFlight < bufferBytes) {
                Out out = queue.pollFirst();
                if (out.counted) {
                    queuedCounted -= out.size;
                }
                inFlight += out.size;
                CompletionStage<?> written;
                try {
                    written = sink.send(out.event);
                } catch (RuntimeException e) {
                    close(); // the client went away
                    return;
                }
                written.whenComplete((ok, failure) -> sent(out.size, failure));
            }
            if (endWhenSent && queue.isEmpty() && !closed) {
                end();
            }
        } finally {
            pumping = false;
        }
    }

    private synchronized void sent(long size, Throwable failure) {
        inFlight -= size;
        if (failure != null) {
            close();
        } else {
            pump();
        }
    }

    /** Disconnects a client that does not keep up; it reconnects with Last-Event-ID and misses nothing kept. */
    private void drop(long pending) {
        LOG.infof("Event stream of task %s dropped: its client left %d bytes unread (the limit is %d KB, %s)",
                taskId, pending, bufferBytes / 1024, EventStreamSettings.BUFFER);
        try {
            http.reset();
        } catch (RuntimeException e) {
            LOG.debugf("resetting the event stream of task %s: %s", taskId, e.toString());
        }
        close();
    }
}
