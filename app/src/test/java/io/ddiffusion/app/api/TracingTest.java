package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.app.Telemetry;
import io.ddiffusion.app.tracing.OtlpReceiver;
import io.ddiffusion.app.tracing.OtlpReceiver.ReceivedSpan;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.TraceContext;
import io.ddiffusion.core.tracing.TraceNames;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.builtin.BuiltInHandlers;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.Worker;
import io.ddiffusion.worker.runtime.WorkerOptions;
import io.ddiffusion.worker.runtime.WorkerTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One task's trace from the API's submit through the queue to the worker's run and its provider calls: the API of
 * this app and a worker the test starts (each with its own OpenTelemetry SDK and service name, as two processes would
 * be) export to an OTLP receiver; the worker runs the real flux-1-pro handler against the Replicate emulator.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
class TracingTest {
    private static final String PROMPT = "a lighthouse at dusk, secret-prompt-words";

    @Inject
    TaskQueue queue;
    @Inject
    TaskStore store;
    @Inject
    BlobStorage storage;

    private ReplicateEmulator replicate;
    private Telemetry workerTelemetry;
    private Worker worker;
    private String token;

    @BeforeEach
    void startWorker() throws Exception {
        token = Api.newToken("tracing");
        replicate = new ReplicateEmulator();
        Map<String, String> otel = new HashMap<>(TracingProfile.OTEL);
        otel.put("otel.exporter.otlp.endpoint", receiver().endpoint());
        workerTelemetry = Telemetry.start("ddiffusion-worker", otel);
        WorkerTracing.install(workerTelemetry.openTelemetry());
        Env env = Env.of(Map.of("REPLICATE_API_TOKEN", ReplicateEmulator.TOKEN, "REPLICATE_BASE_URL",
                replicate.baseUrl(), "DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", "true", "DDIFFUSION_HEARTBEAT_MS", "200"));
        HandlerRegistry.Builder handlers = HandlerRegistry.builder();
        new BuiltInHandlers().register(handlers, env);
        worker = new Worker("traced-" + UUID.randomUUID().toString().substring(0, 8), queue, store, storage,
                handlers.build(), WorkerOptions.from(env, Set.of(Queue.CPU)), Clock.systemUTC());
        worker.start();
    }

    @AfterEach
    void stopWorker() {
        worker.shutdown(Duration.ZERO);
        WorkerTracing.install(OpenTelemetry.noop());
        workerTelemetry.close();
        replicate.close();
    }

    private static OtlpReceiver receiver() {
        return TracingProfile.Collector.receiver;
    }

    @Test
    void submitRunAndProviderCallsOfOneTaskAreOneTraceContinuingTheCallersContext() {
        replicate.plan(ReplicateEmulator.Plan.succeed(ReplicateEmulator.Output.PNG));
        String callerTrace = "0af7651916cd43dd8448eb211c80319c";
        String callerSpan = "b7ad6b7169203331";
        String id = Api.as(token).header("traceparent", "00-" + callerTrace + "-" + callerSpan + "-01")
                .body(json("model", "flux-1-pro", "prompt", PROMPT)).post("/api/images").then().statusCode(202)
                .extract().jsonPath().getString("id");
        Api.awaitStatus(token, "images", id, "SUCCESS");

        ReceivedSpan run = awaitSpan(TraceNames.RUN, id);
        ReceivedSpan submit = awaitSpan(TraceNames.SUBMIT, id);
        assertThat(submit.service()).isEqualTo("ddiffusion-api");
        assertThat(submit.kind()).isEqualTo(OtlpReceiver.SERVER);
        assertThat(submit.traceId()).isEqualTo(callerTrace);
        assertThat(submit.parentSpanId()).isEqualTo(callerSpan);
        assertThat(submit.attributes()).containsEntry(TraceNames.TASK_NAME, "images.flux-1-pro")
                .containsEntry(TraceNames.QUEUE, "cpu").containsEntry("http.response.status_code", 202L);

        assertThat(run.service()).isEqualTo("ddiffusion-worker");
        assertThat(run.kind()).isEqualTo(OtlpReceiver.CONSUMER);
        assertThat(run.traceId()).isEqualTo(callerTrace);
        assertThat(run.parentSpanId()).isEqualTo(submit.spanId());
        assertThat(run.attributes()).containsEntry(TraceNames.TASK_STATUS, "SUCCESS")
                .containsEntry(TraceNames.MODEL, "flux-1-pro").containsEntry(TraceNames.ATTEMPT, 1L)
                .containsKey(TraceNames.QUEUE_WAIT_MS);
        assertThat(run.status()).isNotEqualTo(OtlpReceiver.ERROR);

        List<ReceivedSpan> calls = Api.waiting().until(() -> childrenOf(run), c -> c.stream().anyMatch(s ->
                s.name().equals("POST Replicate")));
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(OtlpReceiver.CLIENT);
            assertThat(c.traceId()).isEqualTo(callerTrace);
            assertThat(c.attributes()).containsEntry(TraceNames.PROVIDER, "Replicate")
                    .containsEntry("server.address", "127.0.0.1").containsKey("http.response.status_code");
        });
        assertThat(calls).extracting(ReceivedSpan::name).contains("POST Replicate", "GET Replicate");
        assertThat(receiver().violations()).isEmpty();
        assertNoSecretsIn(receiver().spans());
    }

    @Test
    void aFailedTaskAndItsFailedProviderCallAreMarkedAsErrors() {
        replicate.plan(ReplicateEmulator.Plan.fail("NSFW content detected"));
        String id = Api.submit(token, "images", json("model", "flux-1-pro", "prompt", PROMPT));
        Api.awaitStatus(token, "images", id, "FAILURE");

        ReceivedSpan run = awaitSpan(TraceNames.RUN, id);
        ReceivedSpan submit = awaitSpan(TraceNames.SUBMIT, id);
        assertThat(submit.parentSpanId()).as("no caller context: the submit starts the trace").isEmpty();
        assertThat(run.traceId()).isEqualTo(submit.traceId());
        assertThat(run.parentSpanId()).isEqualTo(submit.spanId());
        assertThat(run.status()).isEqualTo(OtlpReceiver.ERROR);
        assertThat(run.attributes()).containsEntry(TraceNames.TASK_STATUS, "FAILURE");
        assertNoSecretsIn(receiver().spans());
    }

    @Test
    void theTaskRecordCarriesTheSubmitSpansContextAndACancelledRunIsNoError() {
        replicate.plan(ReplicateEmulator.Plan.never());
        String id = Api.submit(token, "images", json("model", "flux-1-pro", "prompt", PROMPT));
        try {
            ReceivedSpan submit = awaitSpan(TraceNames.SUBMIT, id);
            TraceContext stored = store.find(UUID.fromString(id)).orElseThrow().trace();
            assertThat(stored.traceparent()).isEqualTo("00-" + submit.traceId() + "-" + submit.spanId() + "-01");
            Api.waiting().until(() -> !replicate.predictionIds().isEmpty());
        } finally {
            Api.cancelQuietly(token, "images", id);
        }
        ReceivedSpan run = awaitSpan(TraceNames.RUN, id);
        assertThat(run.status()).isNotEqualTo(OtlpReceiver.ERROR);
        assertThat(run.attributes()).containsEntry(TraceNames.STOPPED, "REVOKED")
                .containsEntry(TraceNames.TASK_STATUS, "REVOKED");
    }

    private static ReceivedSpan awaitSpan(String name, String taskId) {
        return Api.waiting().until(() -> receiver().spans().stream().filter(s -> s.name().equals(name)
                && taskId.equals(s.attribute(TraceNames.TASK_ID))).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static List<ReceivedSpan> childrenOf(ReceivedSpan parent) {
        return receiver().spans().stream().filter(s -> s.parentSpanId().equals(parent.spanId())).toList();
    }

    /** Neither the prompt nor a provider token is in any span attribute. */
    private static void assertNoSecretsIn(List<ReceivedSpan> spans) {
        assertThat(spans).isNotEmpty().allSatisfy(s -> assertThat(s.attributes().values()).allSatisfy(v ->
                assertThat(String.valueOf(v)).doesNotContain("secret-prompt-words")
                        .doesNotContain(ReplicateEmulator.TOKEN)));
    }
}
