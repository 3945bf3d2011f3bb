package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.schema.common.Queue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker's metrics port: off unless asked for, then Prometheus' text format with the JVM's and ours. */
class MetricsServerTest {

    @Test
    void withoutTheVariableAWorkerServesNoMetrics() {
        assertThat(MetricsServer.start(Env.of(Map.of()))).isEmpty();
    }

    @Test
    void aWorkersMetricsAreScrapedInPrometheusTextFormat() throws Exception {
        try (MetricsServer server = MetricsServer.start(Env.of(Map.of(MetricsServer.PORT, "0",
                MetricsServer.HOST, "127.0.0.1"))).orElseThrow()) {
            TaskMetrics metrics = new TaskMetrics(server.registry());
            metrics.finished("videos.wan-2", "FAILURE", Duration.ofSeconds(3));
            metrics.slots(Queue.GPU, () -> 1, () -> 0);
            TaskMetrics.global().providerCall("replicate", 201, Duration.ofMillis(40));

            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            // why: the text format allows a trailing comma after the last label, which this exporter writes
            assertThat(r.body())
                    .containsPattern("ddiffusion_tasks_finished_total\\{domain=\"videos\",model=\"wan-2\","
                            + "status=\"failure\",?} 1\\.0")
                    .contains("ddiffusion_task_run_seconds_bucket{domain=\"videos\",model=\"wan-2\",status=\"failure\","
                            + "le=")
                    .containsPattern("ddiffusion_worker_slots\\{queue=\"gpu\",state=\"busy\",?} 1\\.0")
                    .containsPattern("ddiffusion_provider_calls_seconds_count\\{provider=\"replicate\",status=\"201\","
                            + "?} 1")
                    .contains("jvm_memory_used_bytes{");
            assertThat(http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aWorkerAnswersLivenessProbesOnTheMetricsPort() throws Exception {
        try (MetricsServer server = MetricsServer.start(Env.of(Map.of(MetricsServer.PORT, "0",
                MetricsServer.HOST, "127.0.0.1"))).orElseThrow()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"healthy\"}");
        }
    }
}
