package io.ddiffusion.worker.providers;

import io.ddiffusion.core.config.ProviderSettings;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP plumbing shared by every provider client of one worker: one HTTP client for API calls, one that never
 * follows redirects for output downloads (they are checked hop by hop), and the provider settings.
 */
public record ProviderClients(ProviderSettings settings, HttpClient api, SafeDownloader downloader,
        Backoff backoff) {

    public static ProviderClients create(ProviderSettings settings) {
        HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpClient downloads = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new ProviderClients(settings, api, new SafeDownloader(downloads, settings.allowPrivateDownloads(),
                settings.maxDownloadBytes()), Backoff.defaults());
    }
}
