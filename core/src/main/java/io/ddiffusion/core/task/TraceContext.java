package io.ddiffusion.core.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C trace context (https://www.w3.org/TR/trace-context/) of the span that submitted a task, kept with the task
 * so the worker that runs it continues the same trace, whatever process or machine it runs on. Plain strings: core
 * knows no tracing library; the API writes them from its span, the worker reads them back.
 *
 * @param traceparent {@code 00-<trace id, 32 hex>-<parent span id, 16 hex>-<flags, 2 hex>}
 * @param tracestate vendor entries that travel with it, or null
 */
public record TraceContext(String traceparent, String tracestate) {
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    /** The specification's limit: 32 list members of at most 256 characters each, and their separators. */
    private static final int MAX_TRACESTATE = 32 * 257;

    public TraceContext {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
        }
        if (tracestate != null && (tracestate.isBlank() || tracestate.length() > MAX_TRACESTATE)) {
            tracestate = null;
        }
    }

    /** The context for these header values; empty when {@code traceparent} is missing or malformed. */
    public static Optional<TraceContext> of(String traceparent, String tracestate) {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceparent, tracestate));
    }

    /** The trace id (32 hex digits). */
    @JsonIgnore
    public String traceId() {
        return traceparent.substring(3, 35);
    }
}
