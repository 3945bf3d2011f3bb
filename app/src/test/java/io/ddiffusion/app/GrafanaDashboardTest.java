package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.images.ImageModel;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The ready-made Grafana dashboard queries only series our processes export. */
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of("../deploy/grafana/deferred-diffusion.json");

    /** A scrape in which every family TaskMetrics knows has a sample. */
    static String everyFamily() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        TaskMetrics m = new TaskMetrics(registry);
        m.submitted(ImageModel.SD_XL);
        m.started("images.sd-xl", Queue.GPU, Duration.ofSeconds(2));
        m.finished("images.sd-xl", "SUCCESS", Duration.ofSeconds(9));
        m.reclaimed(Queue.GPU, 1);
        m.deliveryLimit(Queue.GPU);
        m.providerCall("replicate", 200, Duration.ofMillis(80));
        m.bytes(TaskMetrics.Direction.UPLOADED, "inputs", 10);
        m.slots(Queue.GPU, () -> 1, () -> 0);
        m.queues(new InMemoryTaskQueue(), Clock.systemUTC());
        m.modelLoaded("onnx", "sd-xl unet", Duration.ofSeconds(4));
        m.residentModels("onnx", new long[] {1}, a -> a[0]);
        m.gpuMemory("cuda:0", "used", new long[] {1}, a -> a[0]);
        return registry.scrape();
    }

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        String scrape = everyFamily();
        Set<String> queried = new HashSet<>();
        Set<String> refIds = new HashSet<>();
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
            refIds.clear();
            for (JsonNode target : panel.path("targets")) {
                assertThat(refIds.add(target.path("refId").asText())).isTrue();
                Matcher names = Pattern.compile("\\b((?:ddiffusion|jvm)_[a-z_]+)\\b").matcher(target.path("expr")
                        .asText());
                while (names.find()) {
                    queried.add(names.group(1));
                }
            }
        }
        assertThat(queried).as("the dashboard covers the domain families").contains(
                "ddiffusion_tasks_submitted_total", "ddiffusion_tasks_finished_total", "ddiffusion_queue_waiting",
                "ddiffusion_queue_oldest_wait_seconds", "ddiffusion_task_wait_seconds_bucket",
                "ddiffusion_task_run_seconds_bucket", "ddiffusion_worker_slots", "ddiffusion_tasks_reclaimed_total",
                "ddiffusion_tasks_delivery_limit_total", "ddiffusion_provider_calls_seconds_count",
                "ddiffusion_bytes_total", "ddiffusion_model_loads_seconds_count", "ddiffusion_model_resident_bytes",
                "ddiffusion_gpu_memory_bytes");
        for (String name : queried) {
            assertThat(scrape).as(name).containsPattern("(?m)^" + name + "[{ ]");
        }
    }
}
