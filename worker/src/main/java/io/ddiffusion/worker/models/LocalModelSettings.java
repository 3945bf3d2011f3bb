package io.ddiffusion.worker.models;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.InvalidSettingException;
import io.ddiffusion.worker.models.hub.HubSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Local models: the Hugging Face Hub variables {@code huggingface_hub} reads (so Python tools and workers share one
 * cache), whether a task may download missing weights, where ONNX Runtime runs, and its memory budget.
 *
 * @param hfEndpoint the Hub or a mirror ({@code HF_ENDPOINT})
 * @param hfToken a Hub token for gated or private repos ({@code HF_TOKEN}); never printed
 * @param hubCache the cache folder: {@code HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else
 *     {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}
 * @param offline {@code HF_HUB_OFFLINE}: no network at all, the cache only
 * @param downloads {@code DDIFFUSION_MODEL_DOWNLOADS}: whether a task may download missing weights before it runs
 * @param onnxDevice {@code DDIFFUSION_ONNX_DEVICE}: where ONNX Runtime runs
 * @param memoryBytes {@code DDIFFUSION_MODEL_MEMORY_MB} in bytes: the budget for loaded models, 0 = automatic
 * @param downloadStallTimeout {@code DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS}: a download that receives no byte for
 *     this long is abandoned (and resumed by the next attempt)
 * @param modelLock {@code DDIFFUSION_MODEL_LOCK}: the lock file of pins taken from the Hub ({@link ModelLock}),
 *     by default beside the cache folder
 */
public record LocalModelSettings(
        String hfEndpoint,
        Optional<String> hfToken,
        Path hubCache,
        boolean offline,
        boolean downloads,
        OnnxDevice onnxDevice,
        long memoryBytes,
        Duration downloadStallTimeout,
        Path modelLock) {


    /** Where ONNX Runtime runs: CUDA when usable ({@code auto}), or forced. */
    public enum OnnxDevice { AUTO, CPU, CUDA }

    public static LocalModelSettings from(Env env) {
        String endpoint = env.string("HF_ENDPOINT", HubSettings.DEFAULT_ENDPOINT.toString());
        if (!endpoint.matches("(?i)https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new InvalidSettingException("HF_ENDPOINT must be an http(s) URL, got '" + endpoint + "'");
        }
        Path home = env.optional("HF_HOME").map(Path::of).orElseGet(() -> env.optional("XDG_CACHE_HOME")
                .map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("huggingface"));
        String device = env.string("DDIFFUSION_ONNX_DEVICE", "auto");
        OnnxDevice onnxDevice = Arrays.stream(OnnxDevice.values()).filter(d -> d.name().equalsIgnoreCase(device))
                .findFirst().orElseThrow(() -> new InvalidSettingException(
                        "DDIFFUSION_ONNX_DEVICE must be auto, cpu or cuda, got '" + device + "'"));
        int stall = env.integer("DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS", 60, 1);
        Path cache = env.optional("HF_HUB_CACHE").map(Path::of).orElseGet(() -> home.resolve("hub"));
        return new LocalModelSettings(endpoint.replaceAll("/+$", ""), env.optional("HF_TOKEN"), cache,
                // why: huggingface_hub's own rule (1/true/yes/on, anything else is off), so both agree
                env.optional("HF_HUB_OFFLINE").map(v -> Set.of("1", "true", "yes", "on")
                        .contains(v.toLowerCase(Locale.ROOT))).orElse(false),
                env.bool("DDIFFUSION_MODEL_DOWNLOADS", true), onnxDevice,
                env.integer("DDIFFUSION_MODEL_MEMORY_MB", 0) * 1024L * 1024L, Duration.ofSeconds(stall),
                env.optional("DDIFFUSION_MODEL_LOCK").map(Path::of)
                        .orElseGet(() -> ModelLock.besideCache(cache)));
    }

    /** The Hub part: where weights come from and the cache they go to. */
    public HubSettings hub() {
        return new HubSettings(URI.create(hfEndpoint), hfToken, hubCache, offline, downloadStallTimeout);
    }

    @Override
    public String toString() {
        return "LocalModelSettings[endpoint=" + hfEndpoint + ", token=" + (hfToken.isPresent() ? "set" : "unset")
                + ", cache=" + hubCache + ", lock=" + modelLock + ", offline=" + offline + ", downloads=" + downloads
                + ", device=" + onnxDevice + "]";
    }
}
