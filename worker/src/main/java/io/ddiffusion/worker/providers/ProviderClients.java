package io.ddiffusion.worker.providers;

import io.ddiffusion.core.config.ProviderSettings;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP plumbing shared by every provider client of one worker: one HTTP client for API calls, one that never
 * follows redirects for output downloads (they are checked hop by hop), the retry policy of both, and the provider
 * settings.
 */
public record ProviderClients(ProviderSettings settings, HttpClient api, SafeDownloader downloader,
        Backoff backoff) {

    public static ProviderClients create(ProviderSettings settings) {
        return create(settings, Backoff.defaults());
    }

    /** With {@code backoff} for API calls and downloads alike (tests retry fast). */
    public static ProviderClients create(ProviderSettings settings, Backoff backoff) {
        HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpClient downloads = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new ProviderClients(settings, api, new SafeDownloader(downloads, settings.allowPrivateDownloads(),
                settings.maxDownloadBytes(), backoff), backoff);
    }

    /** The transport for {@code provider}'s API calls: the API client with this retry policy. */
    public ProviderHttp http(String provider) {
        return new ProviderHttp(api, provider, backoff);
    }

    /** As {@link #http(String)}, with at most {@code maxCalls} calls in flight at once ({@link ProviderHttp#limited}).
     */
    public ProviderHttp http(String provider, int maxCalls) {
        return http(provider).limited(maxCalls);
    }
}
