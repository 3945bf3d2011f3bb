package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.core.queue.BrokerUnavailableException;
import io.ddiffusion.core.store.Submitted;
import io.ddiffusion.core.task.TraceContext;
import io.ddiffusion.core.tracing.TraceNames;
import io.ddiffusion.schema.common.ModelSpec;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * The span of each create: a server span named {@code submit}, child of the caller's {@code traceparent} when it sent
 * one, holding the task's id and kind. Its W3C context is stored with the task ({@link TraceContext}), so the worker
 * that runs the task continues this trace in its own process. The OpenTelemetry instance is the process's (a no-op
 * unless an OTLP endpoint is configured). Attributes are ids and outcomes only: never the request's body or headers.
 */
@ApplicationScoped
public class SubmitTracing {
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest carrier) {
            return carrier.headers().names();
        }

        @Override
        public String get(HttpServerRequest carrier, String key) {
            return carrier == null ? null : carrier.getHeader(key);
        }
    };

    @Inject
    OpenTelemetry openTelemetry;
    @Inject
    CurrentVertxRequest current;

    private Tracer tracer;

    /** Starts the span of a create for {@code model}; close it when the create is answered. */
    Submit start(ModelSpec model) {
        if (tracer == null) {
            tracer = openTelemetry.getTracer("io.ddiffusion.api");
        }
        Optional<HttpServerRequest> request = request();
        var b = tracer.spanBuilder(TraceNames.SUBMIT).setSpanKind(SpanKind.SERVER)
                .setParent(request.map(r -> W3CTraceContextPropagator.getInstance().extract(Context.root(), r,
                        HEADERS)).orElse(Context.root()))
                .setAttribute(TraceNames.TASK_NAME, model.taskName())
                .setAttribute(TraceNames.DOMAIN, model.taskName().substring(0, model.taskName().indexOf('.')))
                .setAttribute(TraceNames.MODEL, model.id())
                .setAttribute(TraceNames.QUEUE, model.queue().id());
        request.ifPresent(r -> b.setAttribute(METHOD, r.method().name()).setAttribute(ROUTE, r.path()));
        return new Submit(b.startSpan());
    }

    /** The request being handled; empty outside an HTTP request (an MCP call may run without one). */
    private Optional<HttpServerRequest> request() {
        try {
            RoutingContext rc = current.getCurrent();
            return rc == null ? Optional.empty() : Optional.of(rc.request());
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }

    /** One create's span, with its ids in the log context while it is open. */
    static final class Submit implements AutoCloseable {
        private final Span span;

        private Submit(Span span) {
            this.span = span;
            SpanContext c = span.getSpanContext();
            if (c.isValid()) {
                MDC.put(TraceNames.MDC_TRACE_ID, c.getTraceId());
                MDC.put(TraceNames.MDC_SPAN_ID, c.getSpanId());
            }
        }

        /** The task this create made (or is about to make): on the span and in the log context. */
        void task(UUID id) {
            span.setAttribute(TraceNames.TASK_ID, id.toString());
            MDC.put(TraceNames.MDC_TASK_ID, id.toString());
        }

        /** The W3C context to store with the task; empty when nothing is traced. */
        Optional<TraceContext> context() {
            Map<String, String> headers = new HashMap<>();
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, Map::put);
            return TraceContext.of(headers.get("traceparent"), headers.get("tracestate"));
        }

        void submitted(Submitted submitted) {
            task(submitted.taskId());
            span.setAttribute(STATUS, 202L);
            if (submitted.replayed()) {
                span.setAttribute(TraceNames.REPLAYED, true);
            }
        }

        /**
         * A create refused (4xx: the caller's to fix, not a failure of ours) or failed: the broker away (503, as the
         * error mappers answer it) or anything else (500).
         */
        void failed(RuntimeException e) {
            int status = e instanceof ApiException api ? api.status() : e instanceof ValidationException ? 422
                    : BrokerUnavailableException.isCause(e) ? 503 : 500;
            span.setAttribute(STATUS, (long) status);
            span.setAttribute(ERROR_TYPE, status == 500 ? e.getClass().getName() : Integer.toString(status));
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR, status == 500 ? e.getClass().getSimpleName() : "HTTP " + status);
            }
        }

        @Override
        public void close() {
            span.end();
            MDC.remove(TraceNames.MDC_TASK_ID);
            MDC.remove(TraceNames.MDC_TRACE_ID);
            MDC.remove(TraceNames.MDC_SPAN_ID);
        }
    }
}
