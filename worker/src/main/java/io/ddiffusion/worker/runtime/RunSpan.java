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
     * How the run ended: {@code last} is the task as stored afterwards (null when unknown, e.g. handed back while the
     * broker was away), {@code thrown} what the handler or the runtime threw, if anything. A failed task marks the
     * span failed; a cancelled one does not (its owner asked for it).
     */
    void ended(Task last, Throwable thrown) {
        if (last != null) {
            span.setAttribute(TraceNames.TASK_STATUS, last.status().name());
            if (last.status() == TaskStatus.FAILURE) {
                span.setAttribute(ERROR_TYPE, thrown == null ? "task_failed" : thrown.getClass().getName());
                span.setStatus(StatusCode.ERROR, "task failed");
            }
        } else if (thrown != null) {
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
