package io.ddiffusion.worker.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.worker.models.LocalModelSettings.OnnxDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import io.ddiffusion.core.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

class LocalModelSettingsTest {

    static LocalModelSettings models(Map<String, String> env) {
        return LocalModelSettings.from(Env.of(env));
    }

    @Test
    void theDefaultsLetTasksDownloadIntoTheUsualHuggingFaceCache() {
        LocalModelSettings m = models(Map.of());

        assertThat(m.hfEndpoint()).isEqualTo("https://huggingface.co");
        assertThat(m.hfToken()).isEmpty();
        assertThat(m.hubCache()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
        assertThat(m.offline()).isFalse();
        assertThat(m.downloads()).isTrue();
        assertThat(m.onnxDevice()).isEqualTo(OnnxDevice.AUTO);
        assertThat(m.memoryBytes()).isZero();
        assertThat(m.downloadStallTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void everyVariableIsReadAndTheTokenIsNeverPrinted() {
        LocalModelSettings m = models(Map.of("HF_ENDPOINT", "https://hf-mirror.example/", "HF_TOKEN", "hf_secret",
                "HF_HOME", "/data/hf", "HF_HUB_OFFLINE", "yes", "DDIFFUSION_MODEL_DOWNLOADS", "false",
                "DDIFFUSION_ONNX_DEVICE", "CUDA", "DDIFFUSION_MODEL_MEMORY_MB", "20480",
                "DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS", "15"));

        assertThat(m.hfEndpoint()).isEqualTo("https://hf-mirror.example");
        assertThat(m.hfToken()).contains("hf_secret");
        assertThat(m.hubCache()).isEqualTo(Path.of("/data/hf/hub"));
        assertThat(m.offline()).isTrue();
        assertThat(m.downloads()).isFalse();
        assertThat(m.onnxDevice()).isEqualTo(OnnxDevice.CUDA);
        assertThat(m.memoryBytes()).isEqualTo(20480L * 1024 * 1024);
        assertThat(m.downloadStallTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(m.toString()).doesNotContain("hf_secret").contains("token=set");
    }

    @Test
    void theCacheFollowsHuggingfaceHubsOrderOfVariables() {
        assertThat(models(Map.of("XDG_CACHE_HOME", "/xdg")).hubCache()).isEqualTo(Path.of("/xdg/huggingface/hub"));
        assertThat(models(Map.of("XDG_CACHE_HOME", "/xdg", "HF_HOME", "/hf")).hubCache()).isEqualTo(Path.of("/hf/hub"));
        assertThat(models(Map.of("HF_HOME", "/hf", "HF_HUB_CACHE", "/fast")).hubCache()).isEqualTo(Path.of("/fast"));
    }

    @Test
    void offlineIsOnOnlyForHuggingfaceHubsTrueValues() {
        assertThat(models(Map.of("HF_HUB_OFFLINE", "1")).offline()).isTrue();
        assertThat(models(Map.of("HF_HUB_OFFLINE", "ON")).offline()).isTrue();
        assertThat(models(Map.of("HF_HUB_OFFLINE", "0")).offline()).isFalse();
        assertThat(models(Map.of("HF_HUB_OFFLINE", "maybe")).offline()).isFalse();
    }

    @Test
    void badValuesNameTheVariableAndWhatItExpects() {
        assertThatThrownBy(() -> models(Map.of("DDIFFUSION_ONNX_DEVICE", "tpu")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("auto, cpu or cuda");
        assertThatThrownBy(() -> models(Map.of("HF_ENDPOINT", "ftp://mirror")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HF_ENDPOINT");
        assertThatThrownBy(() -> models(Map.of("DDIFFUSION_MODEL_DOWNLOADS", "sometimes")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("DDIFFUSION_MODEL_DOWNLOADS");
        assertThatThrownBy(() -> models(Map.of("DDIFFUSION_MODEL_MEMORY_MB", "-1")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("DDIFFUSION_MODEL_MEMORY_MB");
    }

    @Test
    void theModelSettingsCanBeReadAlone() {
        assertThat(LocalModelSettings.from(Env.of(Map.of("HF_HUB_CACHE", "/c"))).hubCache()).isEqualTo(Path.of("/c"));
    }
}
