package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.worker.testing.FakeTaskContext;

import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageContext;
import static io.ddiffusion.worker.providers.replicate.ReplicateRig.imageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Output;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Plan;
import io.ddiffusion.worker.runtime.CancellationToken.Reason;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicateClientTest {
    private static final String MODEL = "black-forest-labs/flux-1.1-pro";
    private static final Map<String, Object> INPUT = Map.of("prompt", "a lighthouse at dusk");

    @TempDir
    Path dir;
    ReplicateRig rig;
    FakeTaskContext<ImageRequest> task;

    @BeforeEach
    void start() throws Exception {
        rig = ReplicateRig.start(dir);
        task = rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "x", 64, 36), Map.of());
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void createsThePredictionOnTheOfficialModelEndpointWithTheBearerTokenAndPollsItUntilItSucceeds() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG).withLogs(3, List.of()));

        Prediction p = rig.client().run(MODEL, INPUT, task);

        assertThat(p.status()).isEqualTo("succeeded");
        assertThat(p.outputUrls()).containsExactly(rig.emulator.baseUrl().replace("/v1", "") + "/outputs/p1.PNG");
        var calls = rig.emulator.calls();
        assertThat(calls.getFirst().method()).isEqualTo("POST");
        assertThat(calls.getFirst().path()).isEqualTo("/v1/models/black-forest-labs/flux-1.1-pro/predictions");
        assertThat(calls.getFirst().authorization()).isEqualTo("Bearer " + ReplicateEmulator.TOKEN);
        assertThat(calls.getFirst().json()).isEqualTo(ReplicateRig.json(Map.of("input", INPUT)));
        assertThat(calls.subList(1, calls.size())).extracting(ReplicateEmulator.Call::path)
                .containsOnly("/v1/predictions/p1").hasSize(4);
        assertThat(rig.emulator.violations()).isEmpty();
        assertThat(task.logs()).contains("Replicate prediction p1 (" + MODEL + ")");
    }

    @Test
    void copiesEachNewLogLineOnceAndTurnsItsPercentagesIntoProgress() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG).withLogs(3, List.of(
                "Using seed: 7\n",
                " 45%|████▌     | 9/20 [00:02<00:03,  4.1it/s]\r",
                "step 20/20\nGenerated image in 3.1sec\n")));

        rig.client().run(MODEL, INPUT, task);

        assertThat(task.logs()).containsSubsequence("Replicate prediction p1 (" + MODEL + ")", "Using seed: 7",
                "45%|████▌     | 9/20 [00:02<00:03,  4.1it/s]", "step 20/20", "Generated image in 3.1sec");
        assertThat(task.logs()).filteredOn(l -> l.equals("Using seed: 7")).hasSize(1);
        assertThat(task.progressSteps()).extracting(Object::toString).containsSubsequence("[9, 20]", "[20, 20]");
    }

    @Test
    void aFailedPredictionFailsTheTaskWithReplicatesOwnError() {
        rig.emulator.plan(Plan.fail("NSFW content detected in the output"));

        assertThatThrownBy(() -> rig.client().run(MODEL, INPUT, task))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Replicate " + MODEL + " failed: prediction p1 failed: NSFW content detected in the output");
    }

    @Test
    void cancellingTheTaskCancelsThePredictionOnReplicateAndRethrows() throws Exception {
        assertCancellationReachesReplicate(Reason.REVOKED);
    }

    @Test
    void theSoftTimeLimitAlsoCancelsThePredictionOnReplicate() throws Exception {
        assertCancellationReachesReplicate(Reason.SOFT_TIME_LIMIT);
    }

    @Test
    void aHandlerThreadInterruptedBeforeItsTokenFiresStillCancelsThePrediction() throws Exception {
        assertCancellationReachesReplicate(null);
    }

    @Test
    void aCancelWhileTheCreateIsUnderWayStillCancelsThePredictionItMade() throws Exception {
        rig.emulator.plan(Plan.never());
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        rig.emulator.holdCreateAnswers(gate);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread handler = runOnPlatformThread(thrown);
        await().atMost(Duration.ofSeconds(10)).until(() -> !rig.emulator.predictionIds().isEmpty());

        task.cancel(Reason.REVOKED);
        handler.interrupt();
        gate.countDown();

        // why: the prediction exists on Replicate from its create on; cut off, the task would never learn its id
        await().atMost(Duration.ofSeconds(30)).until(() -> rig.emulator.cancelCalled("p1"));
        handler.join(Duration.ofSeconds(10));
        assertThat(thrown.get()).isInstanceOf(TaskCancelledException.class);
        assertThat(rig.emulator.polls("p1")).isZero();
    }

    /**
     * Runs the prediction for {@code task} on a platform thread, as the runtime runs a handler that the tests can
     * interrupt; what it throws lands in {@code thrown}.
     */
    private Thread runOnPlatformThread(AtomicReference<Throwable> thrown) {
        return Thread.ofPlatform().start(() -> {
            try {
                rig.client().run(MODEL, INPUT, task);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
    }

    /** Fires the token with {@code reason} and interrupts the thread, as the runtime does; null: interrupt only. */
    private void assertCancellationReachesReplicate(Reason reason) throws Exception {
        rig.emulator.plan(Plan.never());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread handler = runOnPlatformThread(thrown);
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.emulator.polls("p1") >= 2);

        if (reason != null) {
            task.cancel(reason);
        }
        handler.interrupt();

        // why: the prediction never finishes by itself, so a cancel call is the handler's doing; the bound only keeps a
        // broken build from waiting forever (1 s, then 5 s, were too tight for a 2-core CI machine running builds
        // beside it; the wait ends as soon as the call arrives)
        await().atMost(Duration.ofSeconds(30)).until(() -> rig.emulator.cancelCalled("p1"));
        handler.join(Duration.ofSeconds(10));
        assertThat(thrown.get()).isInstanceOf(TaskCancelledException.class);
        assertThat(((TaskCancelledException) thrown.get()).reason()).isEqualTo(reason == null ? Reason.REVOKED
                : reason);
        assertThat(task.logs()).contains("Cancelled Replicate prediction p1");
    }

    @Test
    void hundredsOfPredictionsInFlightHoldNoPlatformThreadEachAndEveryOneIsCancelledOnReplicate() throws Exception {
        rig.emulator.plan(Plan.never());
        int n = 300;
        int platformBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<FakeTaskContext<ImageRequest>> tasks = new ArrayList<>();
        List<Thread> handlers = new ArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            FakeTaskContext<ImageRequest> t = rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "x", 64, 36),
                    Map.of());
            tasks.add(t);
            handlers.add(Thread.ofVirtual().start(() -> {
                try {
                    rig.client().run(MODEL, INPUT, t);
                } catch (TaskCancelledException e) {
                    cancelled.incrementAndGet();
                }
            }));
        }
        // why: every prediction created and polled twice, so every handler is in its poll loop
        await().atMost(Duration.ofSeconds(60)).until(() -> rig.emulator.predictionIds().size() == n
                && rig.emulator.predictionIds().stream().allMatch(id -> rig.emulator.polls(id) >= 2));
        int platformDuring = ManagementFactory.getThreadMXBean().getThreadCount();

        // why no interrupt, unlike the runtime: the token alone must wake a handler waiting between polls
        tasks.forEach(FakeTaskContext::cancel);

        for (Thread h : handlers) {
            h.join(Duration.ofSeconds(30));
        }
        // why: the handlers wait on virtual threads and share at most MAX_CONCURRENT_CALLS calls; the bound leaves room
        // for the HTTP client's own pool threads
        assertThat(platformDuring - platformBefore).isLessThan(n / 3);
        assertThat(cancelled).hasValue(n);
        assertThat(rig.emulator.predictionIds()).hasSize(n).allMatch(rig.emulator::cancelCalled);
        assertThat(rig.emulator.inFlight()).isZero();
    }

    @Test
    void aWorkerThatTakesTheTaskOverAttachesToThePredictionInsteadOfPayingForASecond() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG).withLogs(6, List.of()));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread frozen = runOnPlatformThread(thrown);
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.emulator.polls("p1") >= 1);
        // the first owner is stopped because another worker took the task over: it must not cancel the prediction
        task.cancel(Reason.TAKEN_OVER);
        frozen.interrupt();
        frozen.join(Duration.ofSeconds(10));
        assertThat(thrown.get()).isInstanceOf(TaskCancelledException.class);

        FakeTaskContext<ImageRequest> next = rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "x", 64, 36), Map.of())
                .resuming(task.checkpoints());
        Prediction done = rig.client().run(MODEL, INPUT, next);

        assertThat(done.id()).isEqualTo("p1");
        assertThat(done.status()).isEqualTo("succeeded");
        assertThat(rig.emulator.predictionIds()).as("one prediction, one bill").containsExactly("p1");
        assertThat(rig.emulator.cancelCalled("p1")).isFalse();
        assertThat(next.logs()).anyMatch(l -> l.startsWith("Attaching to Replicate prediction p1"));
    }

    @Test
    void retriesA429WithRetryAfterOnCreateThenSucceeds() throws Exception {
        rig.emulator.fault(429, "{\"detail\":\"Request was throttled.\",\"status\":429}", "1");

        Prediction p = rig.client().run(MODEL, INPUT, task);

        assertThat(p.status()).isEqualTo("succeeded");
        assertThat(rig.emulator.calls()).filteredOn(c -> c.path().endsWith("/predictions") && c.method().equals("POST"))
                .hasSize(2);
        assertThat(rig.emulator.predictionIds()).containsExactly("p1");
    }

    @Test
    void aServerErrorOnCreateIsNotRepeatedSoThePredictionCannotRunTwice() {
        rig.emulator.fault(503, "{\"detail\":\"Service unavailable\"}", null);

        assertThatThrownBy(() -> rig.client().run(MODEL, INPUT, task))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("HTTP 503").hasMessageContaining("Service unavailable");
        assertThat(rig.emulator.calls()).filteredOn(c -> c.path().endsWith("/predictions") && c.method().equals("POST"))
                .hasSize(1);
    }

    @Test
    void aMalformedJsonAnswerFailsWithAMessageNamingIt() {
        rig.emulator.fault(201, "{\"id\": \"p1\", \"status\": ", null);

        assertThatThrownBy(() -> rig.client().run(MODEL, INPUT, task))
                .isInstanceOf(ProviderException.class).hasMessageContaining("malformed JSON response");
    }

    @Test
    void aMissingTokenFailsAtOnceWithoutCallingReplicate() throws Exception {
        rig.close();
        rig = ReplicateRig.withoutToken(dir);

        assertThatThrownBy(() -> rig.client().run(MODEL, INPUT, task))
                .hasMessage("REPLICATE_API_TOKEN is not set on this worker");
        assertThat(rig.emulator.calls()).isEmpty();
    }

    @Test
    void filesUpTo256KiBGoInlineAsDataUrisAndLargerOnesThroughTheFilesApi() throws Exception {
        byte[] small = new byte[ReplicateClient.DATA_URI_MAX_BYTES];
        byte[] large = new byte[ReplicateClient.DATA_URI_MAX_BYTES + 1];
        Arrays.fill(large, (byte) 7);

        String inline = rig.client().file(small, "image/png", "image.png", MODEL, task);
        String uploaded = rig.client().file(large, "image/png", "image.png", MODEL, task);

        assertThat(inline).startsWith("data:image/png;base64,");
        assertThat(uploaded).isEqualTo(rig.emulator.baseUrl() + "/files/f1");
        assertThat(rig.emulator.uploads()).singleElement().satisfies(f -> {
            assertThat(f.declaredType()).isEqualTo("image/png");
            assertThat(f.bytes()).isEqualTo(large);
        });
        assertThat(rig.emulator.violations()).isEmpty();
    }

    @Test
    void webpAndJpegOutputsAreStoredAsPng() throws Exception {
        for (Output output : List.of(Output.WEBP, Output.JPEG)) {
            rig.emulator.plan(Plan.succeed(output));
            FakeTaskContext<ImageRequest> own = rig.imageTask(imageRequest(ImageModel.FLUX_1_PRO, "x", 64, 36),
                    Map.of());

            List<String> keys = rig.client().generateImage(MODEL, INPUT, imageContext(own).task());

            BufferedImage stored = Images.decodeRgb(own.read(keys.getFirst()));
            assertThat(keys.getFirst()).endsWith(".png");
            assertThat(Arrays.copyOf(own.read(keys.getFirst()), 4)).containsExactly(0x89, 'P', 'N', 'G');
            assertThat(stored.getWidth()).isEqualTo(output == Output.WEBP ? 1 : 8);
        }
    }

    @Test
    void aListOutputStoresOnlyItsFirstImage() throws Exception {
        rig.emulator.plan(Plan.succeed(Output.PNG_LIST));

        List<String> keys = rig.client().generateImage(MODEL, INPUT, imageContext(task).task());

        assertThat(keys).hasSize(1);
        assertThat(rig.emulator.calls()).extracting(ReplicateEmulator.Call::path)
                .contains("/outputs/p1.PNG_LIST").doesNotContain("/outputs/p1.PNG_LIST-second");
    }

    @Test
    void anOutputOverTheDownloadLimitIsRefused() {
        rig.emulator.plan(Plan.succeed(Output.OVERSIZED_PNG));

        assertThatThrownBy(() -> rig.client().generateImage(MODEL, INPUT, imageContext(task).task()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("exceeds the download limit of " + ReplicateRig.MAX_DOWNLOAD + " bytes");
    }

    @Test
    void aLoopbackOutputUrlIsRefusedWhenPrivateDownloadsAreNotAllowed() throws Exception {
        rig.close();
        rig = ReplicateRig.refusingPrivateDownloads(dir);
        rig.emulator.outputUrl("https://127.0.0.1:" + rig.emulator.port() + "/outputs/p1.PNG");

        assertThatThrownBy(() -> rig.client().generateImage(MODEL, INPUT, imageContext(task).task()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("resolves to a private or local address (127.0.0.1)");
        assertThat(rig.emulator.calls()).noneMatch(c -> c.path().startsWith("/outputs/"));
    }

    @Test
    void aVideoModelThatAnswersWithAnImageIsRefused() {
        rig.emulator.plan(Plan.succeed(Output.PNG));
        var video = rig.videoTask(ReplicateRig.videoRequest(io.ddiffusion.schema.videos.VideoModel.VEO_3, "x", 64,
                36, 48, false), Map.of());

        assertThatThrownBy(() -> rig.client().generateVideo("google/veo-3.1", INPUT,
                ReplicateRig.videoContext(video).task()))
                .isInstanceOf(ProviderException.class).hasMessageContaining("expected a video");
    }
}
