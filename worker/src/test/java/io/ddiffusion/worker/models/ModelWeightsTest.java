package io.ddiffusion.worker.models;

import io.ddiffusion.core.config.Env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.worker.models.ComponentStatus.State;
import io.ddiffusion.worker.models.hub.FakeHub;
import io.ddiffusion.worker.models.hub.HubDownloader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWeightsTest {

    @TempDir
    Path home;

    FakeHub hub;
    TinyHubModels tiny;
    List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(TinyHubModels.COMMIT);
        tiny = new TinyHubModels(hub);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    ModelWeights weights(boolean downloads, boolean offline) {
        Map<String, String> env = new HashMap<>(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                "HF_HOME", home.toString(), "HF_HUB_OFFLINE", offline ? "1" : "0"));
        return new ModelWeights(new HubDownloader(LocalModelSettings.from(Env.of(env)).hub()),
                downloads);
    }

    Path snapshotDir(String repo) {
        return home.resolve("hub").resolve("models--" + repo.replace("/", "--")).resolve("snapshots")
                .resolve(TinyHubModels.COMMIT);
    }

    @Test
    void missingWeightsAreDownloadedAndEveryComponentHasItsSnapshotPath() {
        ModelPaths paths = weights(true, false).ensure(tiny.seg, log::add);

        assertThat(paths.path("encoder")).isEqualTo(snapshotDir(TinyHubModels.SEG_REPO).resolve("onnx/encoder.onnx"))
                .hasBinaryContent(tiny.graph);
        assertThat(paths.path("encoder_data")).hasBinaryContent(tiny.data);
        assertThat(paths.path("detector_vocab")).hasBinaryContent(tiny.vocab);
        assertThat(paths.path("encoder_data").getParent()).as("external data sits beside its graph")
                .isEqualTo(paths.path("encoder").getParent());
        assertThat(paths.paths().keySet()).containsExactly("encoder", "encoder_data", "detector_vocab");
        assertThatThrownBy(() -> paths.path("unet")).hasMessageContaining("tiny-seg").hasMessageContaining("encoder");
    }

    @Test
    void theTaskLogSaysWhatIsDownloadedWithAFewProgressLinesPerFile() {
        weights(true, false).ensure(tiny.seg, log::add);

        assertThat(log.getFirst()).contains("downloading 3 of the 3 files of tiny-seg").contains(home.toString());
        assertThat(log).filteredOn(l -> l.startsWith("tiny-seg encoder_data (onnx/encoder.onnx_data)"))
                .hasSizeLessThanOrEqualTo(11).last().asString().endsWith("100% of 250.0 kB");
        assertThat(log.getLast()).isEqualTo("the weights of tiny-seg are ready");
    }

    @Test
    void cachedWeightsAreUsedWithoutTouchingTheNetworkOrTheLog() {
        weights(true, false).ensure(tiny.seg, log::add);
        hub.requests.clear();
        log.clear();

        ModelPaths paths = weights(false, true).ensure(tiny.seg, log::add);

        assertThat(paths.path("encoder_data")).hasBinaryContent(tiny.data);
        assertThat(hub.requests).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void offlineAMissingModelFailsAtOnceNamingTheModelAndThePullCommand() {
        assertThatThrownBy(() -> weights(true, true).ensure(tiny.seg, log::add))
                .isInstanceOf(ModelNotCachedException.class).hasMessageContaining("tiny-seg")
                .hasMessageContaining("HF_HUB_OFFLINE").hasMessageContaining("./ddiffusion models pull tiny-seg")
                .hasMessageContaining("encoder, encoder_data, detector_vocab");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void withDownloadsTurnedOffAPartlyCachedModelFailsBeforeDownloadingAnything() {
        weights(true, false).ensure(tiny.seg, log::add);
        Path vocab = snapshotDir(TinyHubModels.DETECTOR_REPO).resolve("vocab.txt");
        deleteQuietly(vocab);
        hub.requests.clear();

        assertThatThrownBy(() -> weights(false, false).ensure(tiny.seg, log::add))
                .isInstanceOf(ModelNotCachedException.class).hasMessageContaining("DDIFFUSION_MODEL_DOWNLOADS=false")
                .hasMessageContaining("(missing: detector_vocab)").hasMessageContaining("models pull tiny-seg");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void aModelWithoutAVerifiedPinIsRefusedWithoutAnyRequest() {
        assertThatThrownBy(() -> weights(true, false).ensure(tiny.unpinned, log::add))
                .isInstanceOf(ModelNotPinnedException.class).hasMessageContaining("tiny-unpinned")
                .hasMessageContaining("neither a verified pin").hasMessageContaining("1 of its 1 files (model)")
                .hasMessageContaining("models pull tiny-unpinned --lock-latest");
        assertThatThrownBy(() -> weights(true, false).pull(tiny.unpinned, log::add))
                .isInstanceOf(ModelNotPinnedException.class);
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void bytesThatDoNotMatchThePinAreRefusedAndLeaveNothingInTheCache() throws IOException {
        byte[] wrong = tiny.data.clone();
        wrong[123] ^= 1;
        hub.corrupt(TinyHubModels.SEG_REPO, "onnx/encoder.onnx_data", wrong);

        assertThatThrownBy(() -> weights(true, false).ensure(tiny.seg, log::add))
                .isInstanceOf(ModelWeightsException.class).hasMessageContaining("tiny-seg")
                .hasMessageContaining("onnx/encoder.onnx_data").hasMessageContaining("checksum mismatch");
        Path repo = home.resolve("hub/models--acme--tiny-seg-ONNX");
        try (Stream<Path> files = Files.walk(repo.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly(FakeHub.gitOid(tiny.graph));
        }
        assertThat(snapshotDir(TinyHubModels.SEG_REPO).resolve("onnx/encoder.onnx_data")).doesNotExist();
    }

    @Test
    void verifyReportsACorruptBlobThatTheCheapStatusCannotSeeAndPullReplacesIt() throws IOException {
        ModelWeights weights = weights(true, false);
        weights.ensure(tiny.seg, log::add);
        byte[] tampered = tiny.data.clone();
        tampered[0] ^= 1;
        Files.write(home.resolve("hub/models--acme--tiny-seg-ONNX/blobs").resolve(FakeHub.sha256(tiny.data)), tampered);

        assertThat(weights.status(tiny.seg)).extracting(ComponentStatus::state).containsOnly(State.CACHED);
        assertThat(weights.verify(tiny.seg)).extracting(ComponentStatus::state)
                .containsExactly(State.CACHED, State.CORRUPT, State.CACHED);

        hub.requests.clear();
        ModelPaths paths = weights.pull(tiny.seg, log::add);

        assertThat(paths.path("encoder_data")).hasBinaryContent(tiny.data);
        assertThat(hub.count("cdn")).isEqualTo(1);
        assertThat(weights.verify(tiny.seg)).extracting(ComponentStatus::state).containsOnly(State.CACHED);
    }

    @Test
    void offlinePullRefusesAMissingModelBeforeAnyRequest() {
        assertThatThrownBy(() -> weights(true, true).pull(tiny.seg, log::add))
                .isInstanceOf(ModelNotCachedException.class).hasMessageContaining("HF_HUB_OFFLINE is set");
        assertThat(hub.requests).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void pullDownloadsEvenWhereTasksMayNot() {
        ModelPaths paths = weights(false, false).pull(tiny.seg, log::add);

        assertThat(paths.path("encoder_data")).hasBinaryContent(tiny.data);
    }

    @Test
    void statusTellsCachedMissingAndNotPinnedApart() {
        ModelWeights weights = weights(true, false);
        assertThat(weights.status(tiny.seg)).extracting(ComponentStatus::state).containsOnly(State.MISSING);
        assertThat(weights.status(tiny.unpinned)).extracting(ComponentStatus::state).containsExactly(State.NOT_PINNED);
        assertThat(weights.cached(tiny.catalogue)).isEmpty();

        weights.ensure(tiny.seg, log::add);

        assertThat(weights.cached(tiny.catalogue)).containsExactly(tiny.seg);
    }

    @Test
    void progressLinesComeAtMostOncePerTenthAndSayWhereAResumeStarted() {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProgressLines progress = new ProgressLines("m unet", lines::add);

        progress.progress(430, 1000);
        for (long done = 430; done <= 1000; done += 5) {
            progress.progress(done, 1000);
        }

        assertThat(lines).containsExactly("m unet: 40% of 1.0 kB", "m unet: 50% of 1.0 kB", "m unet: 60% of 1.0 kB",
                "m unet: 70% of 1.0 kB", "m unet: 80% of 1.0 kB", "m unet: 90% of 1.0 kB", "m unet: 100% of 1.0 kB");
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
