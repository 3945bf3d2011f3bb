package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.app.tracing.OtlpReceiver;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tracing is off, at no cost, unless an OTLP endpoint is set; on, it exports what is traced. */
class TelemetryTest {

    @Test
    void withoutAnEndpointNothingIsBuiltStartedOrExported() throws Exception {
        Set<String> before = exporterThreads();
        try (OtlpReceiver receiver = new OtlpReceiver();
                // why blank: a Quarkus test's app of this JVM may still run with the endpoint set as a property
                Telemetry off = Telemetry.start("ddiffusion-test", Map.of("otel.exporter.otlp.endpoint", "",
                        "otel.exporter.otlp.traces.endpoint", "", "otel.bsp.schedule.delay", "10"))) {
            assertThat(off.enabled()).isFalse();
            Span span = off.openTelemetry().getTracer("test").spanBuilder("nothing").startSpan();
            assertThat(span.getSpanContext().isValid()).as("a no-op span").isFalse();
            span.end();
            Thread.sleep(200);
            assertThat(exporterThreads()).isEqualTo(before);
            assertThat(receiver.exports()).isZero();
        }
    }

    @Test
    void anEndpointWithTheSdkDisabledOrNoTraceExporterIsOffToo() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            for (Map<String, String> off : java.util.List.of(
                    Map.of("otel.exporter.otlp.endpoint", receiver.endpoint(), "otel.sdk.disabled", "true"),
                    Map.of("otel.exporter.otlp.endpoint", receiver.endpoint(), "otel.traces.exporter", "none"))) {
                try (Telemetry t = Telemetry.start("ddiffusion-test", off)) {
                    assertThat(t.enabled()).as(off.toString()).isFalse();
                }
            }
        }
    }

    @Test
    void withAnEndpointSpansReachItOverOtlpHttpUnderTheRolesServiceName() throws Exception {
        Set<String> before = exporterThreads();
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            try (Telemetry on = Telemetry.start("ddiffusion-test", Map.of("otel.exporter.otlp.endpoint",
                    receiver.endpoint()))) {
                assertThat(on.enabled()).isTrue();
                on.openTelemetry().getTracer("test").spanBuilder("one").startSpan().end();
            }
            // closing flushes: no waiting for the batch delay
            assertThat(receiver.spans()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("one");
                assertThat(s.service()).isEqualTo("ddiffusion-test");
            });
            assertThat(receiver.violations()).isEmpty();
            try (Telemetry named = Telemetry.start("ddiffusion-test", Map.of("otel.exporter.otlp.endpoint",
                    receiver.endpoint(), "otel.service.name", "render-farm-api"))) {
                named.openTelemetry().getTracer("test").spanBuilder("two").startSpan().end();
            }
            assertThat(receiver.spans()).filteredOn(s -> s.name().equals("two")).singleElement()
                    .extracting(OtlpReceiver.ReceivedSpan::service).isEqualTo("render-farm-api");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(exporterThreads()).as("closed: its exporter thread ended").isEqualTo(before));
    }

    @Test
    void grpcIsRefusedAtStartNamingTheProtocolThisBuildSends() {
        assertThatThrownBy(() -> Telemetry.start("ddiffusion-test", Map.of("otel.exporter.otlp.endpoint",
                "http://127.0.0.1:4317", "otel.exporter.otlp.protocol", "grpc")))
                .isInstanceOf(StartupException.class).hasMessageContaining("http/protobuf");
    }

    private static Set<String> exporterThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("BatchSpanProcessor")).collect(Collectors.toSet());
    }
}
