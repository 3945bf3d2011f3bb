package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.app.tracing.OtlpReceiver;
import io.ddiffusion.app.tracing.OtlpReceiver.ReceivedSpan;
import io.ddiffusion.core.tracing.TraceNames;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator follows one task's trace across processes: an {@code api} and a {@code worker} process of the packaged
 * distribution on Redis export to an OTLP receiver, the worker runs flux-1-pro against the Replicate emulator; both
 * log JSON lines ({@code DDIFFUSION_LOG_FORMAT=json}) carrying the task's and the trace's ids.
 */
class TracingIT {

    @TempDir
    Path dir;

    @Test
    void theWorkersRunIsInTheApisTraceAndTheLogLinesCarryItsIds() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
                ReplicateEmulator replicate = new ReplicateEmulator();
                RedisDeployment deployment = new RedisDeployment(dir, Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                        "OTEL_BSP_SCHEDULE_DELAY", "100",
                        "DDIFFUSION_LOG_FORMAT", "json",
                        "REPLICATE_API_TOKEN", ReplicateEmulator.TOKEN,
                        "REPLICATE_BASE_URL", replicate.baseUrl(),
                        "DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", "true"))) {
            replicate.plan(ReplicateEmulator.Plan.succeed(ReplicateEmulator.Output.PNG));
            DistributionProcess api = deployment.start("cpu");
            DistributionProcess worker = deployment.workers().getFirst();
            E2eClient client = deployment.client(api);

            String id = client.submit("images", Map.of("model", "flux-1-pro", "prompt", "a lighthouse at dusk"));
            await().atMost(Duration.ofSeconds(60)).until(() -> !client.task("images", id).get("status").asText()
                    .matches("PENDING|RECEIVED|STARTED"));
            assertThat(client.task("images", id).get("status").asText()).isEqualTo("SUCCESS");

            ReceivedSpan submit = awaitSpan(receiver, TraceNames.SUBMIT, id);
            ReceivedSpan run = awaitSpan(receiver, TraceNames.RUN, id);
            assertThat(submit.service()).isEqualTo("ddiffusion-api");
            assertThat(run.service()).isEqualTo("ddiffusion-worker");
            assertThat(run.traceId()).isEqualTo(submit.traceId());
            assertThat(run.parentSpanId()).isEqualTo(submit.spanId());
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().stream().anyMatch(s ->
                    s.parentSpanId().equals(run.spanId()) && s.name().equals("POST Replicate")
                            && s.traceId().equals(submit.traceId())));
            assertThat(receiver.violations()).isEmpty();

            List<JsonNode> workerLines = jsonLines(worker);
            assertThat(workerLines).anySatisfy(line -> {
                assertThat(line.path("message").asText()).contains("succeeded");
                assertThat(line.path("task_id").asText()).isEqualTo(id);
                assertThat(line.path("trace_id").asText()).isEqualTo(submit.traceId());
                assertThat(line.path("span_id").asText()).isEqualTo(run.spanId());
                assertThat(line.path("level").asText()).isEqualTo("INFO");
                assertThat(line.path("logger").asText()).isEqualTo("io.ddiffusion.worker.runtime.TaskRunner");
            });
            assertThat(workerLines).anySatisfy(line -> assertThat(line.path("message").asText())
                    .contains("Traces exported over OTLP"));
            replicate.plan(ReplicateEmulator.Plan.never());
            String cancelled = client.submit("images", Map.of("model", "flux-1-pro", "prompt", "slow"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !replicate.predictionIds().isEmpty());
            client.delete("images", cancelled);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jsonLines(api)).anySatisfy(line -> {
                assertThat(line.path("message").asText()).isEqualTo("[" + cancelled + "] cancelled");
                assertThat(line.path("task_id").asText()).isEqualTo(cancelled);
            }));
            assertThat(jsonLines(api)).anySatisfy(line -> assertThat(line.path("message").asText())
                    .contains("started in"));
        }
    }

    private static ReceivedSpan awaitSpan(OtlpReceiver receiver, String name, String taskId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream().filter(s ->
                s.name().equals(name) && taskId.equals(s.attribute(TraceNames.TASK_ID))).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** The process's log lines that are JSON objects; lines of the application that are not fail the test. */
    private static List<JsonNode> jsonLines(DistributionProcess p) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String line : p.output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = E2eClient.JSON.readTree(line);
                if (n != null && n.isObject()) {
                    lines.add(n);
                    continue;
                }
            } catch (JsonProcessingException e) {
                // not JSON
            }
            other.add(line);
        }
        // why: the JVM itself may warn on the same stream (native access), in its own format
        assertThat(other).as("log lines that are not JSON").allMatch(l -> l.startsWith("WARNING: "));
        return lines;
    }
}
