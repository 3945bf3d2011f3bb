package io.ddiffusion.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ddiffusion.core.tracing.TraceNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log record and line ({@code DDIFFUSION_LOG_FORMAT=json}), the same in every role: the worker's
 * plain java.util.logging console and Quarkus' console in {@code api} and {@code serve}. Fields: {@code timestamp}
 * (ISO-8601 with offset), {@code level}, {@code logger}, {@code message}, {@code thread}, and when known
 * {@code task_id}, {@code trace_id} and {@code span_id} (the log context the worker sets while a task runs and the API
 * while it handles a create), and {@code exception}: the stack trace as one string.
 */
public final class JsonLogFormatter extends Formatter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> CONTEXT = List.of(TraceNames.MDC_TASK_ID, TraceNames.MDC_TRACE_ID,
            TraceNames.MDC_SPAN_ID);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    @Override
    public String format(LogRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", TIME.format(r.getInstant().atZone(ZoneId.systemDefault())));
            g.writeStringField("level", PlainLogging.level(r.getLevel()));
            g.writeStringField("logger", r.getLoggerName() == null ? "" : r.getLoggerName());
            g.writeStringField("message", message(r));
            g.writeStringField("thread", r instanceof ExtLogRecord ext && ext.getThreadName() != null
                    ? ext.getThreadName() : Thread.currentThread().getName());
            for (String key : CONTEXT) {
                String value = context(r, key);
                if (value != null && !value.isEmpty()) {
                    g.writeStringField(key, value);
                }
            }
            if (r.getThrown() != null) {
                StringWriter stack = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(stack));
                g.writeStringField("exception", stack.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(System.lineSeparator()).toString();
    }

    private String message(LogRecord r) {
        // why: JBoss Log Manager's records may be printf-style, which the JDK's formatMessage does not apply
        return r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatMessage(r);
    }

    /**
     * The record's copy of the log context (JBoss Log Manager), else JBoss Logging's on this thread (the handler runs
     * on it): a worker process logs through JBoss Logging's JDK provider, whose context is its own, onto the Log
     * Manager the distribution's launcher installs.
     */
    private static String context(LogRecord r, String key) {
        String copied = r instanceof ExtLogRecord ext ? ext.getMdc(key) : null;
        if (copied != null) {
            return copied;
        }
        Object v = org.jboss.logging.MDC.get(key);
        return v == null ? null : v.toString();
    }
}
