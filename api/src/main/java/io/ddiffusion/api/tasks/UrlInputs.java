package io.ddiffusion.api.tasks;

import io.ddiffusion.api.http.PinnedRequests;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.core.net.AddressGuard;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a media field's {@code https://} URL for a submit, guarded like the workers' provider downloads (see
 * {@link AddressGuard}): off unless {@code DDIFFUSION_ALLOW_INPUT_URLS}; HTTPS only and public addresses only unless
 * {@code DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS}; each host resolved once and the connection made to that very address
 * (the URL's host still names the server for TLS and the Host header, so a second DNS answer cannot redirect it); at
 * most {@value #MAX_REDIRECTS} redirects, each checked the same way; a size cap counted while the bytes arrive; a
 * timeout for the connection, for each wait on the server, and for the whole fetch. The bytes are then sniffed by the
 * submission like any input. Every refusal is a 422 naming the field and the reason.
 */
@ApplicationScoped
public class UrlInputs {
    static final int MAX_REDIRECTS = 5;

    @Inject
    Vertx vertx;
    @Inject
    InputSettings settings;
    @Inject
    ProviderSettings providers;

    private HttpClient client;

    /** Fetches {@code url} into {@code target} (a temporary file the caller owns) and returns it. */
    Path fetch(String url, Path target, Object... path) {
        if (!settings.allowUrls()) {
            throw problem("is a URL, but this server does not fetch input URLs (DDIFFUSION_ALLOW_INPUT_URLS is "
                    + "off): send the file as base64 or upload it (POST /api/uploads) and send upload:<id>",
                    "url_not_allowed", path);
        }
        long deadline = System.nanoTime() + settings.urlTimeout().toNanos();
        URI uri = parse(url, path);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            InetAddress address = check(uri, path);
            String location = get(uri, address, target, deadline, path);
            if (location == null) {
                return target;
            }
            try {
                uri = uri.resolve(new URI(location));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw problem("could not be fetched: it redirects to a malformed URL", "url_fetch_failed", path);
            }
        }
        throw problem("could not be fetched: more than " + MAX_REDIRECTS + " redirects", "url_fetch_failed", path);
    }

    private static URI parse(String url, Object... path) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw problem("is not a usable URL (it needs a host and no user name or password)", "url_refused",
                        path);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw problem("is not a valid URL", "url_refused", path);
        }
    }

    /** The scheme and the host's addresses, resolved once: the address to connect to. */
    private InetAddress check(URI uri, Object... path) {
        boolean allowPrivate = providers.allowPrivateDownloads();
        if (!PinnedRequests.schemeAllowed(uri, allowPrivate)) {
            throw problem("is refused: only https:// URLs are fetched (DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS=true "
                    + "permits http://), not '" + PinnedRequests.scheme(uri) + "'", "url_refused", path);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw problem("is refused: a redirect led to a URL without a host or with a user name", "url_refused",
                    path);
        }
        try {
            return PinnedRequests.resolve(uri, allowPrivate);
        } catch (AddressGuard.RefusedAddressException e) {
            throw problem("is refused: " + e.getMessage(), "url_refused", path);
        }
    }

    /** One GET; the redirect's Location, or null when the body was saved to {@code target}. */
    private String get(URI uri, InetAddress address, Path target, long deadline, Object... path) {
        RequestOptions options = PinnedRequests.options(HttpMethod.GET, uri, address,
                settings.urlTimeout().toMillis());
        CompletableFuture<String> done = new CompletableFuture<>();
        AtomicReference<HttpClientResponse> live = new AtomicReference<>();
        client().request(options).compose(r -> r.send()).onComplete(ar -> {
            if (ar.failed()) {
                done.completeExceptionally(ar.cause());
            } else {
                live.set(ar.result());
                receive(ar.result(), target, done, path);
            }
        });
        try {
            return done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            done.completeExceptionally(e); // why: a response still arriving stops writing (see stream)
            if (live.get() != null) {
                live.get().request().connection().close();
            }
            throw timedOut(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw problem("could not be fetched: the request was interrupted", "url_fetch_failed", path);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ValidationException v) {
                throw v;
            }
            if (PinnedRequests.timedOut(e.getCause())) {
                throw timedOut(path);
            }
            // why: no exception text for clients; the kind of failure is enough to act on
            throw problem("could not be fetched: the connection to " + uri.getHost() + " failed",
                    "url_fetch_failed", path);
        }
    }

    /** Handles one response on the event loop: a redirect, a refusal, or the body streamed into {@code target}. */
    private void receive(HttpClientResponse response, Path target, CompletableFuture<String> done,
            Object... path) {
        int status = response.statusCode();
        if (status / 100 == 3 && response.getHeader("Location") != null) {
            String location = response.getHeader("Location");
            response.request().connection().close();
            done.complete(location);
            return;
        }
        if (status != 200) {
            response.request().connection().close();
            done.completeExceptionally(problem("could not be fetched: the server answered HTTP " + status,
                    "url_fetch_failed", path));
            return;
        }
        long max = settings.maxUrlBytes();
        String declared = response.getHeader("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > max) {
            response.request().connection().close();
            done.completeExceptionally(tooLarge(max, path));
            return;
        }
        response.pause();
        vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreate(true)
                .setTruncateExisting(true)).onComplete(opened -> {
                    if (opened.failed()) {
                        response.request().connection().close();
                        done.completeExceptionally(opened.cause());
                    } else {
                        stream(response, opened.result(), max, done, path);
                    }
                });
    }

    private static void stream(HttpClientResponse response, AsyncFile file, long max, CompletableFuture<String> done,
            Object... path) {
        long[] total = {0};
        response.handler(buffer -> {
            if (done.isDone()) {
                return; // timed out or too large: the connection is closing
            }
            total[0] += buffer.length();
            if (total[0] > max) {
                done.completeExceptionally(tooLarge(max, path));
                response.request().connection().close();
                file.close();
                return;
            }
            file.write(buffer);
            if (file.writeQueueFull()) {
                response.pause();
                file.drainHandler(v -> response.resume());
            }
        });
        response.exceptionHandler(e -> {
            file.close();
            done.completeExceptionally(e);
        });
        response.endHandler(v -> file.close().onComplete(closed -> {
            if (closed.failed()) {
                done.completeExceptionally(closed.cause());
            } else {
                done.complete(null);
            }
        }));
        response.resume();
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = PinnedRequests.client(vertx, settings.urlTimeout().toMillis());
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }

    private ValidationException timedOut(Object... path) {
        return problem("could not be fetched within " + settings.urlTimeout().toSeconds() + " s "
                + "(DDIFFUSION_INPUT_URL_TIMEOUT_SECONDS)", "url_timeout", path);
    }

    private static ValidationException tooLarge(long max, Object... path) {
        return problem("is larger than the limit of " + max + " bytes for input URLs (DDIFFUSION_INPUT_URL_MAX_MB)",
                "url_too_large", path);
    }

    private static ValidationException problem(String msg, String type, Object... path) {
        return new ValidationException(ValidationProblem.body(msg, type, path));
    }
}
