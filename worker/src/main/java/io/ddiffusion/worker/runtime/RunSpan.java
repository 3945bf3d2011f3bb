package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.Delivery;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.tracing.TraceNames;
import io.ddiffusion.schema.common.TaskStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.MDC;

/**
 * The span of one run of a task on this worker: a consumer span, child of the submit span whose context the task
 * carries (a new trace when it carries none), current on the task's thread so provider and sidecar calls become its
 * children, and its ids in the log context while the task runs. Opened and closed on the task's own thread.
 */
final class RunSpan implements AutoCloseable {
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> STOPPED = AttributeKey.stringKey(TraceNames.STOPPED);

    private final Span span;
    private final Scope scope;

    private RunSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
        SpanContext c = span.getSpanContext();
        if (c.isValid()) {
            MDC.put(TraceNames.MDC_TRACE_ID, c.getTraceId());
            MDC.put(TraceNames.MDC_SPAN_ID, c.getSpanId());
        }
    }

    /** Starts the run of {@code task} as delivered by {@code d} to {@code workerId}. */
    static RunSpan start(Task task, Delivery d, String workerId, Instant now) {
        var b = WorkerTracing.tracer().spanBuilder(TraceNames.RUN).setSpanKind(SpanKind.CONSUMER)
                .setParent(WorkerTracing.parentOf(task.trace()))
                .setAttribute(TraceNames.TASK_ID, task.id().toString())
                .setAttribute(TraceNames.TASK_NAME, task.name())
                .setAttribute(TraceNames.DOMAIN, task.domain())
                .setAttribute(TraceNames.MODEL, task.name().substring(task.name().indexOf('.') + 1))
                .setAttribute(TraceNames.QUEUE, d.queue().id())
                .setAttribute(TraceNames.WORKER, workerId)
                .setAttribute(TraceNames.ATTEMPT, (long) d.deliveryCount());
        if (task.queuedAt() != null) {
            b.setAttribute(TraceNames.QUEUE_WAIT_MS, Math.max(0, Duration.between(task.queuedAt(), now).toMillis()));
        }
        return new RunSpan(b.startSpan());
    }

    /**
     * How the run ended: {@code last} is the task as stored afterwards (null when unknown, e.g. handed back or left
     * for a take-back), {@code thrown} what the handler or the runtime threw, if anything, and {@code stopped} why
     * the runtime stopped it, if it did. A failed task marks the span failed, and so does a run that threw with its
     * outcome unrecorded; a task stopped on purpose (cancelled by its owner, handed back at shutdown, taken over)
     * does not, and says why.
     */
    void ended(Task last, Throwable thrown, CancellationToken.Reason stopped) {
        if (stopped != null) {
            span.setAttribute(STOPPED, stopped.name());
        }
        if (last != null) {
            span.setAttribute(TraceNames.TASK_STATUS, last.status().name());
            if (last.status() == TaskStatus.FAILURE) {
                span.setAttribute(ERROR_TYPE, thrown == null ? "task_failed" : thrown.getClass().getName());
                span.setStatus(StatusCode.ERROR, "task failed");
            }
        } else if (thrown != null && stopped == null) {
            span.setAttribute(ERROR_TYPE, thrown.getClass().getName());
            span.setStatus(StatusCode.ERROR, thrown.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        try {
            span.end();
            scope.close();
        } finally {
            MDC.remove(TraceNames.MDC_TRACE_ID);
            MDC.remove(TraceNames.MDC_SPAN_ID);
        }
    }
}
