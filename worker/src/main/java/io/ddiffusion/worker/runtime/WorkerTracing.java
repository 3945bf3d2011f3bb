package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.task.TraceContext;
import io.ddiffusion.core.tracing.TraceNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The workers' tracer: the span of each task's run and a client span for each call to a provider or the ComfyUI
 * sidecar, children of that run. A no-op until the process installs an SDK ({@link #install}, only when an OTLP
 * endpoint is configured), so tracing costs nothing when off. Global like {@code TaskMetrics.global()}: provider
 * clients are built by handler plugins that never see the worker's wiring; calls find their parent in the current
 * context, which the runner sets on the task's thread.
 *
 * <p>Provider calls (OpenAI, Replicate) get no trace headers: a third party has no use for our trace ids. Calls to the
 * ComfyUI sidecar, which is ours, carry {@code traceparent} ({@link #withTraceHeaders}).
 */
public final class WorkerTracing {
    private static final String SCOPE = "io.ddiffusion.worker";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> HOST = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<Long> RESEND = AttributeKey.longKey("http.request.resend_count");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static volatile Tracer tracer = OpenTelemetry.noop().getTracer(SCOPE);

    private WorkerTracing() {
    }

    /** Traces this process's tasks with {@code otel} ({@link OpenTelemetry#noop()} turns it off again). */
    public static void install(OpenTelemetry otel) {
        tracer = otel.getTracer(SCOPE);
    }

    static Tracer tracer() {
        return tracer;
    }

    /** The context of the span that submitted a task (a remote parent); the root context when there is none. */
    static Context parentOf(TraceContext stored) {
        if (stored == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put("traceparent", stored.traceparent());
        if (stored.tracestate() != null) {
            carrier.put("tracestate", stored.tracestate());
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP);
    }

    /**
     * Starts a client span for one HTTP exchange with {@code provider} ({@code OpenAI}, {@code Replicate},
     * {@code ComfyUI}), a child of the current span: method, host, port and, on retries, the resend count. Never the
     * path's query, headers or body.
     *
     * @param name the span's name, low-cardinality: {@code POST Replicate}, {@code GET /view}
     * @param resend 0 for the first try of a request, then 1, 2, …
     */
    public static Span startCall(String name, String provider, HttpRequest request, int resend) {
        URI uri = request.uri();
        var span = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                .setAttribute(TraceNames.PROVIDER, provider)
                .setAttribute(METHOD, request.method())
                .setAttribute(HOST, uri.getHost() == null ? "" : uri.getHost());
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        span.setAttribute(PORT, (long) port);
        if (resend > 0) {
            span.setAttribute(RESEND, (long) resend);
        }
        return span.startSpan();
    }

    /** The answer's status; a 4xx or 5xx marks the call failed. */
    public static void answered(Span span, int status) {
        span.setAttribute(STATUS, (long) status);
        if (status >= 400) {
            span.setAttribute(ERROR_TYPE, Integer.toString(status));
            span.setStatus(StatusCode.ERROR, "HTTP " + status);
        }
    }

    /** A call that got no answer: the error's type only (its message may quote a provider's text). */
    public static void failed(Span span, Throwable e) {
        String type = e == null ? "unknown" : e.getClass().getName();
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, type);
    }

    /** {@code request} with the current span's {@code traceparent} (and {@code tracestate}), for our sidecar. */
    public static HttpRequest withTraceHeaders(HttpRequest request, Span call) {
        if (!call.getSpanContext().isValid()) {
            return request;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true);
        W3CTraceContextPropagator.getInstance().inject(Context.current().with(call), b,
                (builder, key, value) -> builder.setHeader(key, value));
        return b.build();
    }
}
