package io.ddiffusion.worker.models.hub;

import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.core.config.Env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HubSettingsTest {

    static HubSettings from(Map<String, String> env) {
        return LocalModelSettings.from(Env.of(env)).hub();
    }

    @Test
    void theDefaultsMatchHuggingfaceHub() {
        HubSettings settings = from(Map.of());

        assertThat(settings.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(settings.token()).isEmpty();
        assertThat(settings.cache()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/huggingface/hub"));
        assertThat(settings.offline()).isFalse();
        assertThat(settings.stallTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void theStallTimeoutIsReadInSeconds() {
        assertThat(from(Map.of("DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS", "5")).stallTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> from(Map.of("DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS", "0")))
                .hasMessageContaining("DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS");
    }

    @Test
    void theSettingsOfTheProjectBuildTheHubSettings() {
        var models = io.ddiffusion.worker.models.LocalModelSettings.from(io.ddiffusion.core.config.Env.of(Map.of(
                "HF_ENDPOINT", "http://mirror.local:8080/", "HF_HUB_CACHE", "/c/hub", "HF_TOKEN", "hf_x")));

        HubSettings settings = models.hub();

        assertThat(settings.endpoint()).isEqualTo(URI.create("http://mirror.local:8080"));
        assertThat(settings.cache()).isEqualTo(Path.of("/c/hub"));
        assertThat(settings.token()).contains("hf_x");
    }

    @Test
    void theVariablesOverrideTheDefaults() {
        HubSettings settings = from(Map.of("HF_ENDPOINT", "https://hf-mirror.example/", "HF_TOKEN", " hf_abc ",
                "HF_HOME", "/data/hf", "HF_HUB_OFFLINE", "TRUE"));

        assertThat(settings.endpoint()).isEqualTo(URI.create("https://hf-mirror.example"));
        assertThat(settings.token()).contains("hf_abc");
        assertThat(settings.cache()).isEqualTo(Path.of("/data/hf/hub"));
        assertThat(settings.offline()).isTrue();
        assertThat(settings.toString()).doesNotContain("hf_abc");
    }

    @Test
    void hfHubCacheWinsOverHfHome() {
        assertThat(from(Map.of("HF_HOME", "/data/hf", "HF_HUB_CACHE", "/fast/hub")).cache()).isEqualTo(Path.of("/fast/hub"));
    }

    @Test
    void offlineIsOnlyOnForTrueValues() {
        assertThat(from(Map.of("HF_HUB_OFFLINE", "1")).offline()).isTrue();
        assertThat(from(Map.of("HF_HUB_OFFLINE", "0")).offline()).isFalse();
        assertThat(from(Map.of("HF_HUB_OFFLINE", "")).offline()).isFalse();
    }

    @Test
    void aHubFileMustBePinnedToACommitAndStayInsideTheRepo() {
        String sha = "a".repeat(64);
        assertThatThrownBy(() -> new HubFile("acme/x", "main", "a.bin", 1, sha)).hasMessageContaining("40-hex");
        assertThatThrownBy(() -> new HubFile("acme/x", "0".repeat(40), "../a.bin", 1, sha)).hasMessageContaining("relative");
        assertThatThrownBy(() -> new HubFile("acme/x", "0".repeat(40), "a.bin", 1, "ABC")).hasMessageContaining("sha256");
        assertThat(new HubFile("acme/x", "0".repeat(40), "a.bin", 1, sha).repoFolder()).isEqualTo("models--acme--x");
    }
}
