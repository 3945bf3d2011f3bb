package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.worker.testing.FakeTaskContext;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.worker.images.ImageContext;
import io.ddiffusion.worker.providers.Backoff;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.SafeDownloader;
import io.ddiffusion.worker.videos.VideoContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Replicate emulator and a client pointed at it, polling every 20–100 ms with quick retries, plus task contexts
 * for handler tests. {@code allowPrivate} is on (the emulator is on 127.0.0.1) unless a test turns it off.
 */
public final class ReplicateRig implements AutoCloseable {
    public static final long MAX_DOWNLOAD = 1024 * 1024;

    public final ReplicateEmulator emulator;
    private final ReplicateClient client;
    private final Path dir;

    private ReplicateRig(Path dir, Optional<String> token, boolean allowPrivate) throws IOException {
        this.dir = dir;
        this.emulator = new ReplicateEmulator();
        Map<String, String> env = new HashMap<>(Map.of("REPLICATE_BASE_URL", emulator.baseUrl(),
                "DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", String.valueOf(allowPrivate), "DDIFFUSION_MAX_DOWNLOAD_MB", "1"));
        token.ifPresent(t -> env.put("REPLICATE_API_TOKEN", t));
        ProviderSettings settings = ProviderSettings.from(Env.of(env));
        HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpClient downloads = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Backoff fast = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(20), 5);
        ProviderClients clients = new ProviderClients(settings, api, new SafeDownloader(downloads, allowPrivate,
                MAX_DOWNLOAD, fast), fast);
        this.client = new ReplicateClient(clients, Duration.ofMillis(20), Duration.ofMillis(100));
    }

    public static ReplicateRig start(Path dir) throws IOException {
        return new ReplicateRig(dir, Optional.of(ReplicateEmulator.TOKEN), true);
    }

    public static ReplicateRig withoutToken(Path dir) throws IOException {
        return new ReplicateRig(dir, Optional.empty(), true);
    }

    /** Downloads checked as in production: HTTPS only, no private addresses. */
    public static ReplicateRig refusingPrivateDownloads(Path dir) throws IOException {
        return new ReplicateRig(dir, Optional.of(ReplicateEmulator.TOKEN), false);
    }

    public ReplicateClient client() {
        return client;
    }

    public FakeTaskContext<ImageRequest> imageTask(ImageRequest request, Map<String, byte[]> inputs) {
        return FakeTaskContext.of(request.model().taskName(), request, dir.resolve("storage"), inputs);
    }

    public FakeTaskContext<VideoRequest> videoTask(VideoRequest request, Map<String, byte[]> inputs) {
        return FakeTaskContext.of(request.model().taskName(), request, dir.resolve("storage"), inputs);
    }

    public static ImageContext imageContext(FakeTaskContext<ImageRequest> task) {
        try {
            return ImageContext.of(task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VideoContext videoContext(FakeTaskContext<VideoRequest> task) {
        try {
            return VideoContext.of(task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ImageRequest imageRequest(ImageModel model, String prompt, int width, int height) {
        return new ImageRequest(model, prompt, height, width, 7L, null, null, null, null);
    }

    public static VideoRequest videoRequest(VideoModel model, String prompt, int width, int height, int frames,
            boolean audio) {
        return new VideoRequest(model, prompt, height, width, frames, 7L, null, null, null, audio);
    }

    /** {@code values} as the JSON Replicate receives (numbers compared by value, not by Java type). */
    public static JsonNode json(Map<String, ?> values) {
        try {
            return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
