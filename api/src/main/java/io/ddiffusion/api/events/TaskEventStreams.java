package io.ddiffusion.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.api.http.Caller;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.api.tasks.TaskView;
import io.ddiffusion.core.events.EventIds;
import io.ddiffusion.core.events.TaskEvent;
import io.ddiffusion.core.events.TaskEvents;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.TaskStatus;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Serves {@code GET /api/{domain}/{id}/events}: a task's events as Server-Sent Events, from the event log the task
 * store writes ({@link TaskEvents}: on Redis, whichever node or worker made the change), plus the queue position
 * while the task waits and a final event with the task as {@code GET} answers it. See {@link #DESCRIPTION}.
 *
 * <p>No thread per client: events arrive on the log's own thread (one Redis reader per node, or the writer in
 * embedded mode) and are written without blocking; one virtual thread per node reads queue positions every second
 * and sends the heartbeats.
 */
@Singleton
public class TaskEventStreams {
    private static final Logger LOG = Logger.getLogger(TaskEventStreams.class);
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String QUEUE_POSITION = "queue_position";
    static final String FINAL = "final";

    /** The route's contract, for the OpenAPI document. */
    public static final String DESCRIPTION = """
            The task's changes as Server-Sent Events, one event per change:
            `status` `{"status": "STARTED"}`, `progress` `{"step": 3, "total": 20}`, `log` `{"line": "..."}` (each new \
            log line), `queue_position` `{"position": 2, "queue": "gpu", "total": 5}` while the task waits (sent when \
            it changes), and at the end `final`, whose data is exactly what `GET` on the task answers (signed URLs \
            included); then the stream ends. `status`, `progress` and `log` events carry an `id`: send the last one \
            you received as `Last-Event-ID` to resume with the events after it, without gaps or repeats. Without \
            it, the stream starts with the oldest event kept (the latest 1,000 events of a task are kept, as long as \
            the task); an id older than what is kept replays what remains. A finished task answers its kept events \
            after `Last-Event-ID` and `final` at once. Comment lines (`: keep-alive`) keep quiet streams open. A \
            client that leaves more than `DDIFFUSION_EVENTS_BUFFER_KB` unread is disconnected (resume with \
            `Last-Event-ID`). 429 when the key already holds `DDIFFUSION_EVENTS_STREAMS_PER_KEY` streams on this node \
            or the node serves `DDIFFUSION_EVENTS_STREAMS`.""";

    @Inject
    TaskEvents events;
    @Inject
    TaskStore store;
    @Inject
    TaskQueue queue;
    @Inject
    ObjectMapper mapper;
    @Inject
    EventStreamSettings settings;
    @Inject
    TaskReader reader;
    @Inject
    Caller caller;

    private StreamSlots slots;
    private QueuePositions positions;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook = new Thread(this::endAll, "ddiffusion-event-streams-shutdown");
    private volatile Thread ticker;
    private volatile boolean stopped;

    @PostConstruct
    void init() {
        slots = new StreamSlots(settings);
        positions = new QueuePositions(store, queue);
        // why: open streams would hold a graceful shutdown for its whole timeout; ending them at SIGTERM lets their
        // clients reconnect to another node at once
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The caller's task in {@code domain} as a stream (404 for other keys' tasks, as {@code GET}), its slot counted
     * against the caller's key.
     *
     * @param response the task as the domain's {@code GET} answers it
     */
    public void owned(String rawId, String domain, String lastEventId, Function<TaskView, Object> response,
            SseEventSink sink, Sse sse, HttpServerResponse http) {
        Task task = reader.owned(rawId, domain);
        open(task, caller.key().keyId(), lastEventId, t -> response.apply(reader.view(t)), sink, sse, http);
    }

    /**
     * Streams {@code task}'s events to {@code sink}; the caller has checked that the client may see the task.
     *
     * @param holder whose slot the stream takes (the API key's id)
     * @param lastEventId the {@code Last-Event-ID} header, or null
     * @param finalBody the task as {@code GET} answers it
     * @throws ValidationException 422 for a malformed {@code Last-Event-ID}
     * @throws io.ddiffusion.api.http.ApiException 429 at a stream limit
     */
    public void open(Task task, String holder, String lastEventId, Function<Task, Object> finalBody, SseEventSink sink,
            Sse sse, HttpServerResponse http) {
        String after = parseLastEventId(lastEventId);
        Runnable release = slots.take(holder);
        EventStream stream = new EventStream(task.id(), this::json, finalBody, sink, sse, http,
                settings.bufferBytes(), new EventStream.Host() {
                    @Override
                    public void status(EventStream s, TaskStatus status) {
                        positions.status(s.taskId, status);
                    }

                    @Override
                    public void finished(EventStream s) {
                        Thread.ofVirtual().start(() -> sendFinal(s));
                    }
                });
        stream.onClose(release);
        open.add(stream);
        stream.onClose(() -> open.remove(stream));
        // why: the sink tells a broadcaster when the client goes away; that frees the slot and the subscription
        SseBroadcaster closing = sse.newBroadcaster();
        closing.register(sink);
        closing.onClose(s -> stream.close());
        startTicker();
        try {
            if (task.status().isTerminal()) {
                // why: read before the first byte goes out, so a failure is still an ordinary error answer; all on
                // this thread, before the method returns, as a stream that ends at once should
                List<TaskEvent> kept = events.read(task.id(), after, Integer.MAX_VALUE);
                boolean mine = stream.claimFinal();
                stream.hello();
                stream.onEvents(kept);
                if (mine) {
                    sendFinal(stream);
                }
                return;
            }
            stream.hello();
            positions.watch(stream, task.status() == TaskStatus.PENDING);
            stream.onClose(() -> positions.unwatch(stream));
            TaskEvents.Subscription subscription = events.subscribe(task.id(), after, stream);
            stream.onClose(subscription::close);
        } catch (RuntimeException e) {
            // why: e.g. the broker is away (503): the slot and the watch go back
            stream.close();
            throw e;
        }
    }

    /** The events after {@code raw}, or null for all: 422 for anything but an event id. */
    static String parseLastEventId(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!EventIds.valid(raw.trim())) {
            throw new ValidationException(new ValidationProblem(List.of("header", LAST_EVENT_ID),
                    "must be the id of an event of this stream, e.g. 1733550000000-0", "value_error"));
        }
        return raw.trim();
    }

    private void sendFinal(EventStream stream) {
        try {
            Optional<Task> task = store.find(stream.taskId);
            if (task.isEmpty()) {
                stream.end();
                return;
            }
            stream.sendFinal(json(stream.finalBody.apply(task.get())));
        } catch (RuntimeException e) {
            // why: the client reconnects and gets the final event then; the log names the task, not the cause's text
            LOG.warnf("Event stream of task %s: cannot build the final event (%s); closing the stream",
                    stream.taskId, e.getClass().getSimpleName());
            stream.end();
        }
    }

    private String json(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event data", e);
        }
    }

    private synchronized void startTicker() {
        if (ticker == null && !stopped) {
            ticker = Thread.ofVirtual().name("ddiffusion-event-streams").start(this::tick);
        }
    }

    /** Every second: queue positions; every heartbeat interval: a comment line on every open stream. */
    private void tick() {
        long heartbeatEvery = Math.max(1, settings.heartbeat().toSeconds());
        long seconds = 0;
        while (!stopped) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            seconds++;
            positions.poll();
            if (seconds % heartbeatEvery == 0) {
                open.forEach(EventStream::heartbeat);
            }
        }
    }

    /** How many streams this node serves now. */
    public int openStreams() {
        return open.size();
    }

    private void endAll() {
        stopped = true;
        open.forEach(EventStream::end);
    }

    @PreDestroy
    void stop() {
        endAll();
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
