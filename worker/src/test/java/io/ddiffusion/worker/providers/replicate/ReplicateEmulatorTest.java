package io.ddiffusion.worker.providers.replicate;

import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Output;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The knobs and counters the provider benchmark uses, driven by the real client. */
class ReplicateEmulatorTest extends RigTest {
    private static final String MODEL = "black-forest-labs/flux-1.1-pro";
    private static final Map<String, Object> INPUT = Map.of("prompt", "x");

    private Prediction run() throws Exception {
        return rig.client().run(MODEL, INPUT, rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "x", 64, 36),
                Map.of()));
    }

    @Test
    void withNoPollsAndNoLatencyTheCreateCallAlreadyAnswersTheFinalStateWithAllLogs() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG).withLogs(0, List.of("a\n", "b\n")));

        Prediction p = run();

        assertThat(p.status()).isEqualTo("succeeded");
        assertThat(p.logs()).isEqualTo("a\nb\n");
        assertThat(rig.emulator.calls()).singleElement().extracting(ReplicateEmulator.Call::method).isEqualTo("POST");
        assertThat(rig.emulator.maxInFlight()).isZero();
        assertThat(rig.emulator.counters()).isEqualTo("emulator: 1 created, 0 polls, 0 downloads, 0 cancels, 0 errors");
    }

    @Test
    void aPredictionWithALatencyProcessesThatLongAndCountsAsInFlightUntilReportedFinished() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG).withLogs(0, List.of()).after(Duration.ofMillis(400)));
        List<Future<Prediction>> runs = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(this::run));
            }
        }

        for (Future<Prediction> r : runs) {
            assertThat(r.get().status()).isEqualTo("succeeded");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(rig.emulator.maxInFlight()).isEqualTo(3);
        assertThat(rig.emulator.inFlight()).isZero();
        rig.emulator.resetMax();
        assertThat(rig.emulator.maxInFlight()).isZero();
    }

    @Test
    void predictionsCreatedAreCountedPerModelByAnInputField() throws Exception {
        for (String prompt : List.of("a", "b", "a")) {
            // why: each run is its own task, so the second "a" creates again instead of attaching
            rig.client().run(MODEL, Map.of("prompt", prompt), rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO,
                    prompt, 64, 36), Map.of()));
        }

        assertThat(rig.emulator.createdBy(MODEL, "prompt")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L,
                "b", 1L));
        assertThat(rig.emulator.createdBy("black-forest-labs/flux-pro", "prompt")).isEmpty();
    }

    @Test
    void aPredictionReleasedByTheTestFinishesAtItsNextPollDespiteItsLatency() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG).after(Duration.ofHours(1)));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Prediction> run = pool.submit(this::run);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !rig.emulator.predictionIds().isEmpty());
                rig.emulator.finishNow(MODEL, "prompt", "y");
                Thread.sleep(300);
                assertThat(run.isDone()).as("another prompt's prediction goes on").isFalse();

                rig.emulator.finishNow(MODEL, "prompt", "x");

                assertThat(run.get(10, TimeUnit.SECONDS).status()).isEqualTo("succeeded");
            } finally {
                rig.emulator.finishNow(MODEL, "prompt", "x"); // why: the pool's close waits for the run
            }
        }
    }

    @Test
    void everyErrorAnswerIsCounted() {
        rig.emulator.fault(503, "{\"detail\":\"Service unavailable\"}", null);

        assertThatThrownBy(this::run).isInstanceOf(ProviderException.class);
        assertThat(rig.emulator.errors()).isEqualTo(1);
    }
}
