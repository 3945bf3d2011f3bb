package io.ddiffusion.worker.models.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

/** Downloads pinned Hub files into the {@code huggingface_hub} cache, resuming, verifying and locking. */
public final class HubDownloader {

    private static final Logger LOG = Logger.getLogger(HubDownloader.class);
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ATTEMPTS = 3;
    private static final long PROGRESS_INTERVAL_MILLIS = 250;

    private final HubSettings settings;
    private final HubCache cache;
    private final HttpClient http;

    public HubDownloader(HubSettings settings) {
        this(settings, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** Uses the given client, which must not follow redirects itself (they are followed here, token-aware). */
    public HubDownloader(HubSettings settings, HttpClient http) {
        this.settings = Objects.requireNonNull(settings);
        this.cache = new HubCache(settings.cache());
        this.http = Objects.requireNonNull(http);
    }

    /** The settings this downloader uses. */
    public HubSettings settings() {
        return settings;
    }

    /** The cache this downloader writes. */
    public HubCache cache() {
        return cache;
    }

    /** Returns the cached snapshot path of the file, downloading it first unless it is cached or offline. */
    public Path fetch(HubFile file, ProgressListener listener) {
        Optional<Path> cached = cache.find(file);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (settings.offline()) {
            throw new HubOfflineException(file, cache.root());
        }
        try (BlobLock ignored = BlobLock.acquire(cache.lock(file))) {
            cached = cache.find(file);
            if (cached.isPresent()) {
                return cached.get();
            }
            return download(file, listener == null ? ProgressListener.NONE : listener);
        } catch (IOException e) {
            throw new HubException("cannot download " + file.path() + " of " + file.repo() + ": " + e, e);
        }
    }

    /**
     * Like {@link #fetch}, but first re-hashes a cached copy and replaces it when it does not match its sha256 (a blob
     * damaged on disk, or tampered with). Reads the whole file: meant for explicit maintenance, not for every task.
     */
    public Path fetchVerified(HubFile file, ProgressListener listener) {
        if (cache.find(file).isPresent() && cache.find(file, true).isEmpty()) {
            if (settings.offline()) {
                throw new HubException("the cached " + file.path() + " of " + file.repo() + " does not match its sha256 "
                        + file.sha256() + " and HF_HUB_OFFLINE is set, so it cannot be replaced; copy a good cache");
            }
            try (BlobLock ignored = BlobLock.acquire(cache.lock(file))) {
                if (cache.find(file).isPresent() && cache.find(file, true).isEmpty()) {
                    LOG.warnf("replacing the corrupt cached %s", file);
                    cache.evict(file);
                }
            } catch (IOException e) {
                throw new HubException("cannot replace the corrupt cached " + file.path() + " of " + file.repo() + ": "
                        + e, e);
            }
        }
        return fetch(file, listener);
    }

    /**
     * Streams one file of a revision through sha256 without caching it, to pin a small file the Hub API lists without
     * an LFS sha256 (json, txt). Follows redirects like a download; the file is read whole, so keep it for small files.
     *
     * @return the file's size and sha256, as its pin
     */
    public HubFile digest(String repo, String revision, String path) {
        try {
            Resolved response = resolve(repo, revision, path, 0);
            try (InputStream body = response.http().body()) {
                if (response.http().statusCode() != 200) {
                    throw failure(repo, revision, path, response.http().statusCode());
                }
                var digest = HubCache.newDigest();
                long size = 0;
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = body.read(buffer)) > 0; size += n) {
                    digest.update(buffer, 0, n);
                }
                return new HubFile(repo, revision, path, size, java.util.HexFormat.of().formatHex(digest.digest()));
            }
        } catch (IOException e) {
            throw new HubException("cannot read " + path + " of " + repo + " at " + revision + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while reading " + path + " of " + repo, e);
        }
    }

    private Path download(HubFile file, ProgressListener listener) throws IOException {
        Files.createDirectories(cache.blobsDir(file));
        Path partial = cache.incomplete(file);
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                String etag = transfer(file, partial, listener);
                verify(file, partial);
                return cache.commit(file, partial, etag);
            } catch (HubException e) {
                throw e;
            } catch (IOException e) {
                last = e;
                LOG.warnf("download of %s interrupted at %d bytes (attempt %d/%d): %s",
                        file, sizeOf(partial), attempt, MAX_ATTEMPTS, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException("interrupted while downloading " + file.path() + " of " + file.repo(), e);
            }
        }
        throw new HubException("cannot download " + file.path() + " of " + file.repo() + " after " + MAX_ATTEMPTS
                + " attempts (" + sizeOf(partial) + " of " + file.size() + " bytes kept to resume): " + last, last);
    }

    /** Appends the missing bytes to the partial file; returns the blob name the server gave (its etag). */
    private String transfer(HubFile file, Path partial, ProgressListener listener)
            throws IOException, InterruptedException {
        long have = sizeOf(partial);
        if (have > file.size()) {
            Files.delete(partial);
            have = 0;
        } else if (have == file.size() && have > 0) {
            // Fetch the last byte again, so the response carries the headers that name the blob.
            try (var channel = Files.newByteChannel(partial, StandardOpenOption.WRITE)) {
                channel.truncate(--have);
            }
        }
        Resolved response = resolve(file.repo(), file.revision(), file.path(), have);
        int status = response.http().statusCode();
        try (InputStream body = response.http().body()) {
            // why: an LFS file's X-Linked-Etag is the sha256 the Hub records for it at this commit; one that
            // differs from the pin is refused before its body is read (a moved file, or a pin for other bytes)
            if (response.etag() != null && response.etag().matches("[0-9a-f]{64}")
                    && !response.etag().equals(file.sha256())) {
                throw new HubChecksumException(file, file.sha256(), response.etag() + " (the Hub's X-Linked-Etag)");
            }
            if (status == 416) {
                Files.deleteIfExists(partial);
                throw new IOException("the server refused to resume at byte " + have);
            }
            if (status == 200 && have > 0) {
                LOG.infof("the server ignored the range for %s, downloading from the start", file);
                have = 0;
            } else if (status == 206) {
                String range = response.http().headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + have + "-")) {
                    Files.deleteIfExists(partial);
                    throw new IOException("unexpected Content-Range '" + range + "' when resuming at " + have);
                }
            } else if (status != 200) {
                throw failure(file.repo(), file.revision(), file.path(), status);
            }
            try (StallWatchdog watchdog = new StallWatchdog(settings.stallTimeout())) {
                try {
                    copy(body, partial, have, file.size(), watchdog,
                            new ThrottledProgress(listener, file.size(), PROGRESS_INTERVAL_MILLIS));
                } catch (IOException e) {
                    if (watchdog.fired()) {
                        throw new IOException("no data received for " + describe(settings.stallTimeout())
                                + " (DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS); the next attempt resumes at byte "
                                + sizeOf(partial), e);
                    }
                    throw e;
                }
            }
        }
        response.commit().filter(c -> !c.equals(file.revision())).ifPresent(c ->
                LOG.warnf("the Hub answered commit %s for %s pinned at %s", c, file.repo(), file.revision()));
        return response.etag();
    }

    private static void copy(InputStream body, Path partial, long have, long size, StallWatchdog watchdog,
            ThrottledProgress progress) throws IOException {
        StandardOpenOption mode = have == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        long done = have;
        progress.update(done);
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) > 0; ) {
                watchdog.progressed();
                out.write(buffer, 0, n);
                done += n;
                if (done > size) {
                    break;
                }
                progress.update(done);
            }
        }
        progress.finish(done);
    }

    private void verify(HubFile file, Path partial) throws IOException {
        long size = sizeOf(partial);
        String actual = size == file.size() ? HubCache.sha256(partial) : null;
        if (actual == null || !actual.equals(file.sha256())) {
            Files.deleteIfExists(partial);
            throw new HubChecksumException(file, file.sha256(),
                    actual != null ? actual : "a file of " + size + " bytes instead of " + file.size());
        }
    }

    /** A response and the Hub metadata seen along the redirects. */
    private record Resolved(HttpResponse<InputStream> http, String etag, Optional<String> commit) { }

    private Resolved resolve(String repo, String revision, String path, long from)
            throws IOException, InterruptedException {
        URI uri = URI.create(settings.endpoint() + "/" + encode(repo) + "/resolve/" + revision + "/" + encode(path));
        String etag = null;
        Optional<String> commit = Optional.empty();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            // why: the timeout covers the wait for the response headers; the watchdog covers the body
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(settings.stallTimeout())
                    .header("User-Agent", "deferred-diffusion; hf_hub-compatible");
            if (from > 0) {
                request.header("Range", "bytes=" + from + "-");
            }
            if (settings.token().isPresent() && sameOrigin(uri, settings.endpoint())) {
                request.header("Authorization", "Bearer " + settings.token().get());
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            HttpHeaders headers = response.headers();
            if (etag == null) {
                etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                        .map(HubDownloader::normalizeEtag).orElse(null);
            }
            if (commit.isEmpty()) {
                commit = headers.firstValue("X-Repo-Commit");
            }
            int status = response.statusCode();
            if (status < 300 || status >= 400 || status == 304) {
                return new Resolved(response, etag, commit);
            }
            response.body().close();
            String location = headers.firstValue("Location")
                    .orElseThrow(() -> new IOException("redirect " + status + " without Location"));
            uri = uri.resolve(location);
        }
        throw new HubException("too many redirects downloading " + path + " of " + repo);
    }

    private HubException failure(String repo, String revision, String path, int status) {
        String what = path + " of " + repo + " at " + revision;
        return switch (status) {
            case 401, 403 -> new HubException("the Hub refused " + what + " (HTTP " + status + "): the repo is private"
                    + " or gated; " + (settings.token().isPresent() ? "check that HF_TOKEN has access to it"
                    : "set HF_TOKEN to a token with access to it"));
            case 404 -> new HubException("the Hub has no " + what + " (HTTP 404)");
            default -> new HubException("the Hub answered HTTP " + status + " for " + what);
        };
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    private static String encode(String path) {
        return Arrays.stream(path.split("/"))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static long sizeOf(Path path) {
        try {
            return Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
