package io.ddiffusion.worker.providers;

import io.ddiffusion.core.metrics.TaskMetrics;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.core.media.UnsupportedMediaException;
import io.ddiffusion.core.net.AddressGuard;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads a provider's output without letting a spoofed or compromised response make the worker fetch internal
 * URLs (SSRF): HTTPS only, every hop's host must resolve to public addresses only, at most a few redirects (each
 * checked), a size cap, and the bytes must be the expected kind of media. With {@code allowPrivate} (tests, intranet
 * mirrors) plain HTTP and private addresses are allowed. Each hop is sent through {@link ProviderHttp}, so a download
 * retries and reports the provider's error message like any other provider call.
 */
public final class SafeDownloader {
    /** What a download must hold. */
    public enum Kind {
        IMAGE, VIDEO
    }

    /** A downloaded output: a temporary file, which the caller deletes, and its format. */
    public record Download(Path file, MediaFormat format) {
    }

    private static final int MAX_REDIRECTS = 5;
    private final HttpClient client;
    private final boolean allowPrivate;
    private final long maxBytes;
    private final Backoff backoff;

    /** @param client an HTTP client that does not follow redirects (they are followed and checked here) */
    public SafeDownloader(HttpClient client, boolean allowPrivate, long maxBytes, Backoff backoff) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the download client must not follow redirects by itself");
        }
        this.client = client;
        this.allowPrivate = allowPrivate;
        this.maxBytes = maxBytes;
        this.backoff = backoff;
    }

    /** Downloads {@code url} (an output URL from a provider's answer) into {@code target}; returns the format. */
    public MediaFormat download(String provider, String model, URI url, Kind kind, Path target,
            CancellationToken token) throws TaskCancelledException {
        check(provider, model, url);
        return fetch(provider, model, get(url), kind, target, token);
    }

    /**
     * Downloads what {@code apiRequest} answers: an authenticated GET to the provider's own API (OpenAI's video
     * content), sent as it is and not checked, since it goes to the configured base URL. A redirect is followed like
     * an output URL and without the request's headers, so the key never leaves the API.
     */
    public MediaFormat download(String provider, String model, HttpRequest apiRequest, Kind kind, Path target,
            CancellationToken token) throws TaskCancelledException {
        return fetch(provider, model, apiRequest, kind, target, token);
    }

    /**
     * Downloads the output at {@code url}, as a provider's answer spelled it, into a new temporary file; nothing is
     * left behind when it fails.
     */
    public Download toTempFile(String provider, String model, String url, Kind kind, CancellationToken token)
            throws IOException, TaskCancelledException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(provider, model, 0, "the output URL is malformed");
        }
        Path file = Files.createTempFile("download-", ".part");
        try {
            return new Download(file, download(provider, model, uri, kind, file, token));
        } catch (RuntimeException | TaskCancelledException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Downloads an image output into memory (handlers re-encode it anyway); the temporary file is always deleted. */
    public byte[] image(String provider, String model, String url, CancellationToken token) throws IOException,
            TaskCancelledException {
        Path file = toTempFile(provider, model, url, Kind.IMAGE, token).file();
        try {
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private MediaFormat fetch(String provider, String model, HttpRequest first, Kind kind, Path target,
            CancellationToken token) throws TaskCancelledException {
        ProviderHttp http = new ProviderHttp(client, provider, backoff);
        HttpRequest request = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            URI uri = request.uri();
            HttpResponse<InputStream> response = http.stream(model, request, "downloading the output from "
                    + uri.getHost(), token);
            int status = response.statusCode();
            if (status / 100 != 3) {
                return save(provider, model, response, kind, target, token);
            }
            close(response.body());
            String location = response.headers().firstValue("Location").orElseThrow(() ->
                    new ProviderException(provider, model, status, "redirect without a Location"));
            URI next = uri.resolve(location);
            check(provider, model, next);
            request = get(next);
        }
        throw new ProviderException(provider, model, "more than " + MAX_REDIRECTS + " redirects downloading the output",
                null);
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
    }

    private MediaFormat save(String provider, String model, HttpResponse<InputStream> response, Kind kind,
            Path target, CancellationToken token) throws TaskCancelledException {
        String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream")
                .toLowerCase(Locale.ROOT);
        // why: application/binary is what OpenAI's SDKs ask the video content for; the bytes are sniffed below anyway
        boolean typeOk = type.startsWith(kind == Kind.IMAGE ? "image/" : "video/")
                || type.startsWith("application/octet-stream") || type.startsWith("binary/octet-stream")
                || type.startsWith("application/binary");
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body()) {
            if (!typeOk) {
                throw new ProviderException(provider, model, 200, "output has content type '" + type
                        + "', expected " + (kind == Kind.IMAGE ? "an image" : "a video"));
            }
            if (declared > maxBytes) {
                throw new ProviderException(provider, model, 200, "output of " + declared + " bytes exceeds the "
                        + "download limit of " + maxBytes + " bytes");
            }
            try (CancellationToken.Registration ignored = token.register(() -> close(in));
                    OutputStream out = Files.newOutputStream(target)) {
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new ProviderException(provider, model, 200, "output exceeds the download limit of "
                                + maxBytes + " bytes");
                    }
                    out.write(buf, 0, n);
                }
                TaskMetrics.global().bytes(TaskMetrics.Direction.DOWNLOADED, "provider outputs", total);
            }
            MediaFormat format = MediaProbe.probe(target).format();
            if (kind == Kind.IMAGE ? !format.isImage() : !format.isVideo()) {
                throw new ProviderException(provider, model, 200, "output is " + format + ", expected "
                        + (kind == Kind.IMAGE ? "an image" : "a video"));
            }
            return format;
        } catch (UnsupportedMediaException e) {
            deleteQuietly(target);
            throw new ProviderException(provider, model, 200, "output is not a supported image or video");
        } catch (IOException e) {
            deleteQuietly(target);
            token.throwIfCancelled();
            throw new ProviderException(provider, model, "reading the output failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /** Refuses URLs that are not HTTPS or whose host resolves to a private, loopback or link-local address. */
    void check(String provider, String model, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            throw new ProviderException(provider, model, 0, "refusing to download the output over '" + scheme
                    + "': only HTTPS is allowed (DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS=true permits HTTP)");
        }
        String host = uri.getHost();
        if (host == null || uri.getUserInfo() != null) {
            throw new ProviderException(provider, model, 0, "refusing to download the output: malformed URL");
        }
        if (allowPrivate) {
            return;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (isPrivate(a)) {
                    throw new ProviderException(provider, model, 0, "refusing to download the output from " + host
                            + ": it resolves to a private or local address (" + a.getHostAddress() + ")");
                }
            }
        } catch (UnknownHostException e) {
            throw new ProviderException(provider, model, 0, "cannot resolve output host " + host);
        }
    }

    /** The shared SSRF rule ({@link AddressGuard#isPrivate}). */
    static boolean isPrivate(InetAddress a) {
        return AddressGuard.isPrivate(a);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // temp file; the storage janitor removes leftovers
        }
    }
}
