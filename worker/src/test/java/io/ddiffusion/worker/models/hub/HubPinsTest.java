package io.ddiffusion.worker.models.hub;

import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.core.config.Env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubPinsTest {

    static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
    static final String REPO = "acme/tiny-upscaler";

    @TempDir
    Path home;

    FakeHub hub;
    byte[] weights = new byte[70_000];
    byte[] config = "{\"scale\": 4}".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(COMMIT);
        new java.util.Random(3).nextBytes(weights);
        hub.serve(REPO, "onnx/model.onnx", weights, true);
        hub.serve(REPO, "config.json", config, false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    HubPins pins(boolean offline) {
        Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HOME", home.toString(),
                "HF_HUB_OFFLINE", offline ? "1" : "0");
        return new HubPins(LocalModelSettings.from(Env.of(env)).hub());
    }

    @Test
    void anLfsFileIsPinnedFromTheRevisionListingWithoutDownloadingIt() {
        List<HubFile> pinned = pins(false).pin(REPO, COMMIT, List.of("onnx/model.onnx"));

        assertThat(pinned).containsExactly(new HubFile(REPO, COMMIT, "onnx/model.onnx", weights.length,
                FakeHub.sha256(weights)));
        assertThat(hub.requests).extracting(FakeHub.Seen::path)
                .containsExactly("api/models/" + REPO + "/revision/" + COMMIT);
    }

    @Test
    void aSmallNonLfsFileIsPinnedByItsRealSha256NotItsGitOid() {
        HubFile pinned = pins(false).pin(REPO, COMMIT, List.of("config.json")).getFirst();

        assertThat(pinned.sha256()).isEqualTo(FakeHub.sha256(config)).isNotEqualTo(FakeHub.gitOid(config));
        assertThat(pinned.size()).isEqualTo(config.length);
        assertThat(home.resolve("hub")).as("pinning caches nothing").doesNotExist();
    }

    @Test
    void aFileTheRevisionLacksABranchAndOfflineModeAreRefused() {
        assertThatThrownBy(() -> pins(false).pin(REPO, COMMIT, List.of("onnx/model_fp16.onnx")))
                .hasMessageContaining("lists no onnx/model_fp16.onnx").hasMessageContaining(REPO);
        assertThatThrownBy(() -> pins(false).pin(REPO, "main", List.of("config.json")))
                .hasMessageContaining("40-hex commit");
        assertThatThrownBy(() -> pins(false).pin(REPO, "0".repeat(40), List.of("config.json")))
                .hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> pins(true).pin(REPO, COMMIT, List.of("config.json")))
                .hasMessageContaining("HF_HUB_OFFLINE");
    }

    @Test
    void aCommitPrefixIsFoundInMainsHistoryPageByPage() {
        hub.history = List.of("1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222",
                "3333333333333333333333333333333333333333", COMMIT, "4444444444444444444444444444444444444444");

        assertThat(pins(false).commitOf(REPO, COMMIT.substring(0, 8))).isEqualTo(COMMIT);
        assertThat(hub.requests).extracting(FakeHub.Seen::path).as("stops at the page holding it")
                .containsExactly("api/models/" + REPO + "/commits/main", "api/models/" + REPO + "/commits/main");
    }

    @Test
    void aPrefixNoCommitOfMainStartsWithIsAClearError() {
        hub.history = List.of("1111111111111111111111111111111111111111", COMMIT);

        assertThatThrownBy(() -> pins(false).commitOf(REPO, "abcdef01")).isInstanceOf(HubException.class)
                .hasMessage("no commit of main of " + REPO + " starts with abcdef01");
    }

    @Test
    void aNextPageOnAnotherHostIsNotFollowedSoTheTokenStaysWithTheEndpoint() {
        hub.history = List.of("1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222",
                COMMIT);
        hub.nextPageBase = "http://127.0.0.2:" + hub.endpoint().getPort();

        assertThatThrownBy(() -> pins(false).commitOf(REPO, COMMIT.substring(0, 8)))
                .hasMessageContaining("starts with");
        assertThat(hub.requests).hasSize(1);
    }

    @Test
    void aFullCommitIsItselfAndNoPrefixMeansWhereMainPointsNow() {
        assertThat(pins(false).commitOf(REPO, COMMIT)).isEqualTo(COMMIT);
        assertThat(hub.requests).isEmpty();

        assertThat(pins(false).commitOf(REPO, "")).isEqualTo(COMMIT);
        assertThat(hub.requests).extracting(FakeHub.Seen::path)
                .containsExactly("api/models/" + REPO + "/revision/main");
        assertThatThrownBy(() -> pins(true).commitOf(REPO, "")).hasMessageContaining("HF_HUB_OFFLINE");
    }
}
