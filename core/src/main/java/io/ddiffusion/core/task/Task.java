package io.ddiffusion.core.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ddiffusion.core.webhooks.Webhook;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A task as kept by a {@link io.ddiffusion.core.store.TaskStore}: immutable, changed only through its verbs, each of
 * which checks the move against {@link TaskStatus#canMoveTo}. {@code version} guards concurrent updates.
 *
 * @param request the validated request as JSON, with base64 inputs removed (they live in storage, see inputs)
 * @param inputs request field path (e.g. {@code image}, {@code references[0].image}) → storage key of the decoded file
 * @param queueEntry the broker entry that carries this task; a delivery of any other entry is stale
 * @param attempts how many times a worker took the task (1 = first delivery)
 * @param outputs storage keys of produced files
 * @param text produced text (texts domain)
 * @param checkpoints what an attempt recorded for the next one, e.g. the provider's job id, so a worker that takes the
 *     task over attaches to that job instead of starting (and paying for) another
 * @param trace the trace context of the submit, so the run continues its trace; null when the API traced nothing
 *     (tracing off) and in records written before it was kept
 * @param webhook where and for which events the task's state is POSTed; null when the request named no webhook (the
 *     deliveries themselves are kept by a {@link io.ddiffusion.core.webhooks.WebhookOutbox})
 */
public record Task(
        UUID id,
        String name,
        Queue queue,
        TaskStatus status,
        String owner,
        Identity identity,
        String request,
        Map<String, String> inputs,
        String queueEntry,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        String worker,
        int attempts,
        Progress progress,
        List<String> outputs,
        String text,
        String error,
        Map<String, String> checkpoints,
        TraceContext trace,
        Webhook webhook,
        long version) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(status, "status");
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(checkpoints);
    }

    /** A new task, waiting to be enqueued. */
    public static Task submitted(UUID id, String name, Queue queue, String owner, Identity identity, String request,
            Map<String, String> inputs, Instant now) {
        return new Task(id, name, queue, TaskStatus.PENDING, owner, identity, request, inputs, null, now, null, null,
                null, 0, null, List.of(), null, null, Map.of(), null, null, 0);
    }

    /** This task carrying the trace context of the span that submits it. */
    public Task tracedBy(TraceContext context) {
        return new Task(id, name, queue, status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                finishedAt, worker, attempts, progress, outputs, text, error, checkpoints, context, webhook, version);
    }

    /** This task calling {@code hook} when its state changes. */
    public Task withWebhook(Webhook hook) {
        return new Task(id, name, queue, status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                finishedAt, worker, attempts, progress, outputs, text, error, checkpoints, trace, hook, version);
    }

    /** The domain prefix of the task name: {@code images}, {@code texts}, … */
    @JsonIgnore
    public String domain() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    public Task enqueuedAs(String entry) {
        return new Task(id, name, queue, status, owner, identity, request, inputs, entry, queuedAt, startedAt,
                finishedAt, worker, attempts, progress, outputs, text, error, checkpoints, trace, webhook, version);
    }

    public Task received(String byWorker, int attempt) {
        return moveTo(TaskStatus.RECEIVED).with(byWorker, attempt, null);
    }

    public Task started(Instant now) {
        Task t = moveTo(TaskStatus.STARTED);
        return new Task(id, name, queue, t.status, owner, identity, request, inputs, queueEntry, queuedAt, now, null,
                worker, attempts, null, outputs, text, null, checkpoints, trace, webhook, version);
    }

    public Task progressed(Progress p) {
        if (status != TaskStatus.STARTED) {
            throw new IllegalTaskStateException(id, status, TaskStatus.STARTED);
        }
        return new Task(id, name, queue, status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                finishedAt, worker, attempts, p, outputs, text, error, checkpoints, trace, webhook, version);
    }

    public Task succeeded(List<String> files, String producedText, Instant now) {
        Task t = moveTo(TaskStatus.SUCCESS);
        return new Task(id, name, queue, t.status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                now, worker, attempts, progress, files, producedText, null, checkpoints, trace, webhook, version);
    }

    public Task failed(String message, Instant now) {
        return finish(TaskStatus.FAILURE, message, now);
    }

    public Task revoked(String message, Instant now) {
        return finish(TaskStatus.REVOKED, message, now);
    }

    /** Back to the queue: the worker that held it stopped, or handed it back at shutdown. */
    public Task requeued(String entry) {
        Task t = moveTo(TaskStatus.PENDING);
        return new Task(id, name, queue, t.status, owner, identity, request, inputs, entry, queuedAt, null, null,
                null, attempts, null, outputs, text, error, checkpoints, trace, webhook, version);
    }

    /** This task with {@code value} recorded under {@code key} for later attempts. */
    public Task checkpointed(String key, String value) {
        Map<String, String> next = new java.util.LinkedHashMap<>(checkpoints);
        next.put(key, value);
        return new Task(id, name, queue, status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                finishedAt, worker, attempts, progress, outputs, text, error, next, trace, webhook, version);
    }

    public Task withVersion(long v) {
        return new Task(id, name, queue, status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                finishedAt, worker, attempts, progress, outputs, text, error, checkpoints, trace, webhook, v);
    }

    /** Seconds between start and finish (or {@code now} while running); null before start. */
    public Double runtimeSeconds(Instant now) {
        if (startedAt == null) {
            return null;
        }
        Instant end = finishedAt == null ? now : finishedAt;
        return Duration.between(startedAt, end).toMillis() / 1000.0;
    }

    private Task finish(TaskStatus to, String message, Instant now) {
        Task t = moveTo(to);
        return new Task(id, name, queue, t.status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                now, worker, attempts, progress, outputs, text, message, checkpoints, trace, webhook, version);
    }

    private Task with(String byWorker, int attempt, String err) {
        return new Task(id, name, queue, status, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                finishedAt, byWorker, attempt, progress, outputs, text, err, checkpoints, trace, webhook, version);
    }

    private Task moveTo(TaskStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalTaskStateException(id, status, next);
        }
        return new Task(id, name, queue, next, owner, identity, request, inputs, queueEntry, queuedAt, startedAt,
                finishedAt, worker, attempts, progress, outputs, text, error, checkpoints, trace, webhook, version);
    }
}
