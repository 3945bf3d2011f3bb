package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.core.tracing.TraceNames;
import java.time.OffsetDateTime;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DDIFFUSION_LOG_FORMAT=json: each record one JSON line, parsed back here, with the log context's ids. */
class JsonLogFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @AfterEach
    void clearContext() {
        MDC.clear();
    }

    @Test
    void aRecordIsOneJsonLineWithTimeLevelLoggerMessageAndThread() throws Exception {
        LogRecord r = new LogRecord(Level.WARNING, "Worker w1 lost \"the\" broker\nfor a while");
        r.setLoggerName("io.ddiffusion.worker.runtime.Worker");
        String line = formatter.format(r);

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode n = JSON.readTree(line);
        assertThat(n.get("level").asText()).isEqualTo("WARN");
        assertThat(n.get("logger").asText()).isEqualTo("io.ddiffusion.worker.runtime.Worker");
        assertThat(n.get("message").asText()).isEqualTo("Worker w1 lost \"the\" broker\nfor a while");
        assertThat(n.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(OffsetDateTime.parse(n.get("timestamp").asText()).toInstant()).isEqualTo(r.getInstant());
        assertThat(n.has("exception")).isFalse();
        assertThat(n.has(TraceNames.MDC_TASK_ID)).isFalse();
    }

    @Test
    void theTaskAndTraceIdsOfTheLogContextAndTheStackTraceAreFields() throws Exception {
        MDC.put(TraceNames.MDC_TASK_ID, "6b1f8c7e-3d1a-4c55-9d7e-0a1b2c3d4e5f");
        MDC.put(TraceNames.MDC_TRACE_ID, "0af7651916cd43dd8448eb211c80319c");
        MDC.put(TraceNames.MDC_SPAN_ID, "b7ad6b7169203331");
        // a JBoss Log Manager record (api, serve), printf-style as JBoss Logging's infof writes them
        ExtLogRecord r = new ExtLogRecord(Level.SEVERE, "[%s] failed: %s", ExtLogRecord.FormatStyle.PRINTF,
                JsonLogFormatterTest.class.getName());
        r.setParameters(new Object[] {"6b1f8c7e", "boom"});
        r.setThrown(new IllegalStateException("boom", new RuntimeException("cause")));
        r.copyMdc();

        JsonNode n = JSON.readTree(formatter.format(r));
        assertThat(n.get("level").asText()).isEqualTo("ERROR");
        assertThat(n.get("message").asText()).isEqualTo("[6b1f8c7e] failed: boom");
        assertThat(n.get("task_id").asText()).isEqualTo("6b1f8c7e-3d1a-4c55-9d7e-0a1b2c3d4e5f");
        assertThat(n.get("trace_id").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(n.get("span_id").asText()).isEqualTo("b7ad6b7169203331");
        assertThat(n.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("Caused by: java.lang.RuntimeException: cause").contains("\tat ");
    }

    @Test
    void theFormatIsTextUnlessJsonIsAskedForAndAnythingElseStopsTheStart() {
        assertThat(LogFormat.from(io.ddiffusion.core.config.Env.of(java.util.Map.of()))).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.from(io.ddiffusion.core.config.Env.of(java.util.Map.of(LogFormat.VARIABLE, "JSON"))))
                .isEqualTo(LogFormat.JSON);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.from(io.ddiffusion.core.config.Env.of(
                java.util.Map.of(LogFormat.VARIABLE, "xml")))).isInstanceOf(StartupException.class)
                .hasMessage("DDIFFUSION_LOG_FORMAT must be text or json, not 'xml'");
    }
}
