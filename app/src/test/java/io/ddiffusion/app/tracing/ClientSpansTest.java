package io.ddiffusion.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ddiffusion.app.Telemetry;
import io.ddiffusion.core.tracing.TraceNames;
import io.ddiffusion.worker.providers.Backoff;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.providers.ProviderHttp;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.WorkerTracing;
import io.ddiffusion.worker.workflows.comfy.ComfyClient;
import io.ddiffusion.worker.workflows.comfy.ComfyException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's client spans, children of the task's run: a provider call carries no trace header to the third party;
 * a call to the ComfyUI sidecar (ours) carries its {@code traceparent}; failures are marked as errors. A local HTTP
 * server stands for both and records the headers it was sent.
 */
class ClientSpansTest {
    private OtlpReceiver receiver;
    private Telemetry telemetry;
    private HttpServer peer;
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private boolean peerUp = true;

    @BeforeEach
    void start() throws Exception {
        receiver = new OtlpReceiver();
        telemetry = Telemetry.start("ddiffusion-worker", Map.of("otel.exporter.otlp.endpoint", receiver.endpoint()));
        WorkerTracing.install(telemetry.openTelemetry());
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/", x -> {
            try (x) {
                traceparents.add(String.valueOf(x.getRequestHeaders().getFirst("traceparent")));
                x.getRequestBody().readAllBytes();
                byte[] body = "{\"name\": \"in.png\", \"subfolder\": \"dd-1\"}".getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(status, body.length);
                x.getResponseBody().write(body);
            }
        });
        peer.start();
    }

    @AfterEach
    void stop() {
        WorkerTracing.install(OpenTelemetry.noop());
        telemetry.close();
        if (peerUp) {
            peer.stop(0);
        }
        receiver.close();
    }

    private URI peer() {
        return URI.create("http://127.0.0.1:" + peer.getAddress().getPort());
    }

    @Test
    void aSidecarCallIsAChildOfTheRunAndCarriesItsTraceparent() throws Exception {
        Span run = telemetry.openTelemetry().getTracer("test").spanBuilder("run").startSpan();
        try (Scope ignored = run.makeCurrent()) {
            new ComfyClient(peer()).upload(new byte[] {1, 2, 3}, "in.png", "dd-1", new CancellationToken());
        } finally {
            run.end();
        }
        telemetry.close();

        OtlpReceiver.ReceivedSpan call = receiver.spans().stream().filter(s -> s.name().equals("POST /upload/image"))
                .findFirst().orElseThrow();
        assertThat(call.parentSpanId()).isEqualTo(run.getSpanContext().getSpanId());
        assertThat(call.traceId()).isEqualTo(run.getSpanContext().getTraceId());
        assertThat(call.kind()).isEqualTo(OtlpReceiver.CLIENT);
        assertThat(call.attributes()).containsEntry(TraceNames.PROVIDER, "ComfyUI")
                .containsEntry("http.response.status_code", 200L).containsEntry("http.request.method", "POST");
        assertThat(traceparents).containsExactly("00-" + call.traceId() + "-" + call.spanId() + "-01");
    }

    @Test
    void aProviderCallSendsNoTraceHeaderAndAFailedOneIsAnError() throws Exception {
        status = 400;
        ProviderHttp http = new ProviderHttp(HttpClient.newHttpClient(), "Replicate", new Backoff(Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofSeconds(5), 1));
        Span run = telemetry.openTelemetry().getTracer("test").spanBuilder("run").startSpan();
        try (Scope ignored = run.makeCurrent()) {
            assertThatThrownBy(() -> http.send("flux-1-pro", HttpRequest.newBuilder(peer().resolve("/v1/predictions"))
                    .header("Authorization", "Bearer r8_secret").GET().build(), new CancellationToken()))
                    .isInstanceOf(ProviderException.class);
        } finally {
            run.end();
        }
        telemetry.close();

        assertThat(traceparents).containsExactly("null");
        OtlpReceiver.ReceivedSpan call = receiver.spans().stream().filter(s -> s.name().equals("GET Replicate"))
                .findFirst().orElseThrow();
        assertThat(call.parentSpanId()).isEqualTo(run.getSpanContext().getSpanId());
        assertThat(call.status()).isEqualTo(OtlpReceiver.ERROR);
        assertThat(call.attributes()).containsEntry("http.response.status_code", 400L)
                .containsEntry("error.type", "400");
        assertThat(call.attributes().values()).noneMatch(v -> String.valueOf(v).contains("r8_secret"));
    }

    @Test
    void aSidecarThatDoesNotAnswerMarksTheCallFailed() throws Exception {
        peer.stop(0);
        peerUp = false;
        Span run = telemetry.openTelemetry().getTracer("test").spanBuilder("run").startSpan();
        try (Scope ignored = run.makeCurrent()) {
            assertThatThrownBy(() -> new ComfyClient(peer()).upload(new byte[] {1}, "in.png", "dd-1",
                    new CancellationToken())).isInstanceOf(ComfyException.class);
        } finally {
            run.end();
        }
        telemetry.close();

        OtlpReceiver.ReceivedSpan call = receiver.spans().stream().filter(s -> s.name().equals("POST /upload/image"))
                .findFirst().orElseThrow();
        assertThat(call.status()).isEqualTo(OtlpReceiver.ERROR);
        assertThat(call.attributes().get("error.type").toString()).contains("ConnectException");
    }
}
