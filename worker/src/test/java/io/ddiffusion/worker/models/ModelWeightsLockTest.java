package io.ddiffusion.worker.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.models.ComponentStatus.State;
import io.ddiffusion.worker.models.ModelComponent.Recorded;
import io.ddiffusion.worker.models.hub.FakeHub;
import io.ddiffusion.worker.models.hub.HubFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock rule: files the build pins only by commit (or, on the operator's word, not at all) are pinned by what the
 * Hub reports at that commit when first pulled, written to the lock file, and checked like the build's pins after.
 */
class ModelWeightsLockTest {

    static final String COMMIT = TinyHubModels.COMMIT;
    static final String REPO = "acme/tiny-diffusion";

    @TempDir
    Path home;

    FakeHub hub;
    byte[] unet = new byte[120_000];
    byte[] config = "{\"steps\": 4}".getBytes(StandardCharsets.UTF_8);
    List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(COMMIT);
        new Random(11).nextBytes(unet);
        hub.serve(REPO, "unet/model.safetensors", unet, true);
        hub.serve(REPO, "config.json", config, false);
        hub.history = List.of("1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222",
                COMMIT);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    ModelWeights weights(boolean downloads, boolean offline) {
        Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HOME", home.toString(),
                "HF_HUB_OFFLINE", offline ? "1" : "0", "DDIFFUSION_MODEL_DOWNLOADS", Boolean.toString(downloads));
        return ModelWeights.from(LocalModelSettings.from(Env.of(env)));
    }

    /** A model whose unet the build pins by commit alone, and whose config it pins by a prefix and a sha256. */
    LocalModel byCommit(Recorded unetRecord) {
        return new LocalModel("tiny-diffusion", "pinned by commit", List.of(
                ModelComponent.unpinned("unet", REPO, "unet/model.safetensors", unetRecord, "sha256 from the Hub"),
                ModelComponent.unpinned("config", REPO, "config.json", new Recorded(COMMIT.substring(0, 8),
                        Optional.empty(), Optional.of(FakeHub.sha256(config))), "commit known by its prefix")));
    }

    LocalModel byCommit() {
        return byCommit(new Recorded(COMMIT, Optional.empty(), Optional.empty()));
    }

    Path lockFile() {
        return home.resolve(ModelLock.FILE_NAME);
    }

    @Test
    void aPullPinsWhatTheHubReportsAtTheCommitDownloadsAndVerifiesItThenLocksIt() throws IOException {
        ModelWeights weights = weights(false, false);
        assertThat(weights.status(byCommit())).extracting(ComponentStatus::state).containsOnly(State.NOT_LOCKED);

        ModelPaths paths = weights.pull(byCommit(), log::add);

        assertThat(paths.path("unet")).hasBinaryContent(unet);
        assertThat(paths.path("config")).hasBinaryContent(config);
        assertThat(weights.lock().entries()).extracting(ModelLock.Entry::file).containsExactlyInAnyOrder(
                new HubFile(REPO, COMMIT, "unet/model.safetensors", unet.length, FakeHub.sha256(unet)),
                new HubFile(REPO, COMMIT, "config.json", config.length, FakeHub.sha256(config)));
        assertThat(lockFile()).exists();
        assertThat(log).anyMatch(l -> l.startsWith("locking tiny-diffusion unet to commit " + COMMIT.substring(0, 12)
                + ", 120,000 bytes, sha256 " + FakeHub.sha256(unet) + " as the Hub reports it"));
        LocalModel resolved = weights.resolve(byCommit());
        assertThat(resolved.isPinned()).isTrue();
        assertThat(resolved.components()).allMatch(ModelComponent::locked);
        assertThat(weights.verify(byCommit())).extracting(ComponentStatus::state).containsOnly(State.CACHED);
    }

    @Test
    void afterTheLockTheModelIsUsedOfflineWithoutAskingTheHub() {
        weights(true, false).pull(byCommit(), log::add);
        hub.requests.clear();

        ModelPaths paths = weights(false, true).ensure(byCommit(), log::add);

        assertThat(paths.path("unet")).hasBinaryContent(unet);
        assertThat(hub.requests).isEmpty();
        assertThat(weights(false, true).unavailableReason(byCommit(), Queue.GPU)).isEmpty();
    }

    @Test
    void laterVerifiesCheckTheCachedBytesAgainstTheLockAndAPullReplacesACorruptOne() throws IOException {
        ModelWeights weights = weights(true, false);
        weights.pull(byCommit(), log::add);
        byte[] tampered = unet.clone();
        tampered[7] ^= 1;
        Files.write(home.resolve("hub/models--acme--tiny-diffusion/blobs").resolve(FakeHub.sha256(unet)), tampered);

        assertThat(weights.verify(byCommit())).extracting(ComponentStatus::state)
                .containsExactly(State.CORRUPT, State.CACHED);

        weights.pull(byCommit(), log::add);

        assertThat(weights.verify(byCommit())).extracting(ComponentStatus::state).containsOnly(State.CACHED);
    }

    @Test
    void aHubReportThatContradictsTheBuildsRecordIsRefusedAndNothingIsLocked() {
        String other = "b".repeat(64);

        assertThatThrownBy(() -> weights(true, false).pull(byCommit(new Recorded(COMMIT, Optional.empty(),
                Optional.of(other))), log::add)).isInstanceOf(ModelWeightsException.class)
                .hasMessageContaining("the Hub reports commit " + COMMIT.substring(0, 12) + ", 120,000 bytes, sha256 "
                        + FakeHub.sha256(unet))
                .hasMessageContaining("contradicts what this build records (commit " + COMMIT + ", sha256 " + other)
                .hasMessageContaining("nothing was locked");
        assertThat(lockFile()).doesNotExist();
        assertThat(hub.count("cdn")).isZero();
    }

    @Test
    void bytesThatDoNotMatchTheHubsReportAreNotLocked() {
        byte[] wrong = unet.clone();
        wrong[0] ^= 1;
        hub.corrupt(REPO, "unet/model.safetensors", wrong);

        assertThatThrownBy(() -> weights(true, false).pull(byCommit(), log::add))
                .isInstanceOf(ModelWeightsException.class).hasMessageContaining("checksum mismatch");
        assertThat(weights(true, false).lock().entries()).isEmpty();
    }

    @Test
    void aTaskMayLockAFilePinnedByCommitWhereTasksMayDownload() {
        ModelWeights weights = weights(true, false);
        assertThat(weights.unavailableReason(byCommit(), Queue.GPU)).isEmpty();

        assertThat(weights.ensure(byCommit(), log::add).path("unet")).hasBinaryContent(unet);
        assertThat(weights.lock().entries()).hasSize(2);
    }

    @Test
    void whereTasksMayNotDownloadTheReasonNamesThePullCommand() {
        assertThat(weights(false, false).unavailableReason(byCommit(), Queue.GPU)).contains("weights not pulled: run "
                + "./ddiffusion models pull tiny-diffusion on the workers of the gpu queue (tasks may not download "
                + "them: DDIFFUSION_MODEL_DOWNLOADS=false)");
        assertThat(weights(false, false).unavailableUntilPulled(byCommit(), Queue.GPU, "docs.md"))
                .hasValueSatisfying(why -> assertThat(why).startsWith("weights not pulled: run ./ddiffusion models "
                        + "pull tiny-diffusion"));
    }

    @Test
    void filesWithoutACommitAreLockedOnlyOnTheOperatorsWordAtMainsCurrentCommit() {
        LocalModel noCommit = byCommit(Recorded.NOTHING);
        ModelWeights weights = weights(true, false);

        assertThat(weights.status(noCommit)).extracting(ComponentStatus::state)
                .containsExactly(State.NOT_PINNED, State.NOT_LOCKED);
        assertThat(weights.pullable(noCommit, false)).isFalse();
        assertThat(weights.unavailableUntilPulled(noCommit, Queue.GPU, "docs.md")).hasValueSatisfying(why ->
                assertThat(why).isEqualTo("weights not pinned in this build: 1 of the 2 files of tiny-diffusion have "
                        + "no commit recorded (unet). Either the operator locks the Hub's current files with "
                        + "./ddiffusion models pull tiny-diffusion --lock-latest on the workers of the gpu queue, or a "
                        + "maintainer pins them with ./ddiffusion models pin REPO COMMIT FILE… (see docs.md)"));
        assertThatThrownBy(() -> weights.pull(noCommit, log::add)).isInstanceOf(ModelNotPinnedException.class);
        assertThat(hub.requests).isEmpty();

        weights.pull(noCommit, log::add, true);

        assertThat(hub.requests).extracting(FakeHub.Seen::path).contains("api/models/" + REPO + "/revision/main");
        assertThat(weights.lock().entries()).extracting(e -> e.file().revision()).containsOnly(COMMIT);
        assertThat(weights.unavailableUntilPulled(noCommit, Queue.GPU, "docs.md")).isEmpty();
    }

    @Test
    void aLockForAnotherCommitThanTheBuildRecordsIsIgnored() {
        weights(true, false).pull(byCommit(), log::add);

        LocalModel moved = byCommit(new Recorded("1111111111111111111111111111111111111111", Optional.empty(),
                Optional.empty()));

        assertThat(weights(true, false).status(moved)).extracting(ComponentStatus::state)
                .containsExactly(State.NOT_LOCKED, State.CACHED);
    }
}
