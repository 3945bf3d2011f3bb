package io.ddiffusion.worker.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Calls a provider's REST API: retries with exponential backoff and jitter, honours {@code Retry-After}, stays within
 * a total time budget, aborts at once when the task is cancelled, and turns failures into {@link ProviderException}s
 * carrying the provider's own message. Never logs headers (tokens).
 *
 * <p>Reads (GET, DELETE) are retried on 408/425/429/5xx and network errors. A POST creates something that costs
 * money (an image, a prediction, a video): it is retried only when the provider surely did not take it — 429, or no
 * connection — never after a 5xx or a time-out, which could bill twice. {@link #sendIdempotent} retries like a read.
 */
public final class ProviderHttp {
    private static final Logger LOG = Logger.getLogger(ProviderHttp.class);
    private static final Set<Integer> RETRIED = Set.of(408, 425, 429, 500, 502, 503, 504);
    private static final Set<Integer> RETRIED_CREATE = Set.of(429);
    private static final int MAX_ERROR_CHARS = 500;

    private final HttpClient client;
    private final String provider;
    private final Backoff backoff;

    public ProviderHttp(HttpClient client, String provider, Backoff backoff) {
        this.client = client;
        this.provider = provider;
        this.backoff = backoff;
    }

    public String provider() {
        return provider;
    }

    /** Sends {@code request} (retrying as its method allows) and returns its successful (2xx) response. */
    public HttpResponse<byte[]> send(String model, HttpRequest request, CancellationToken token)
            throws TaskCancelledException {
        return send(model, request, token, !request.method().equals("POST"));
    }

    /** Like {@link #send}, retrying every transient failure: for POSTs that are safe to repeat (a cancel). */
    public HttpResponse<byte[]> sendIdempotent(String model, HttpRequest request, CancellationToken token)
            throws TaskCancelledException {
        return send(model, request, token, true);
    }

    private HttpResponse<byte[]> send(String model, HttpRequest request, CancellationToken token, boolean idempotent)
            throws TaskCancelledException {
        Set<Integer> retried = idempotent ? RETRIED : RETRIED_CREATE;
        long deadline = System.nanoTime() + backoff.budget().toNanos();
        for (int attempt = 1; ; attempt++) {
            token.throwIfCancelled();
            HttpResponse<byte[]> response = null;
            Throwable failure = null;
            CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request,
                    HttpResponse.BodyHandlers.ofByteArray());
            try (CancellationToken.Registration ignored = token.register(() -> call.cancel(true))) {
                response = call.get();
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (CancellationException e) {
                token.throwIfCancelled();
                failure = e;
            } catch (InterruptedException e) {
                call.cancel(true);
                token.throwIfCancelled();
                Thread.currentThread().interrupt();
                throw new TaskCancelledException(CancellationToken.Reason.REVOKED);
            }
            if (response != null && !retried.contains(response.statusCode())) {
                if (response.statusCode() / 100 == 2) {
                    return response;
                }
                throw error(model, response);
            }
            if (failure != null && !(failure instanceof IOException) && !(failure instanceof CancellationException)) {
                throw new ProviderException(provider, model, describe(failure), failure);
            }
            if (failure != null && !idempotent && !(failure instanceof java.net.ConnectException)
                    && !(failure instanceof java.net.http.HttpConnectTimeoutException)) {
                // why: the request may have reached the provider; repeating it could create (and bill) it twice
                throw new ProviderException(provider, model, "no answer (" + describe(failure) + "); not retried, "
                        + "the request may have been accepted", failure);
            }
            Duration wait = backoff.delay(attempt, response == null ? null
                    : RetryAfter.of(response.headers(), Instant.now()));
            if (attempt >= backoff.maxAttempts() || System.nanoTime() + wait.toNanos() > deadline) {
                if (response != null) {
                    throw error(model, response);
                }
                throw new ProviderException(provider, model, "no answer after " + attempt + " attempts ("
                        + describe(failure) + ")", failure);
            }
            LOG.infof("%s %s: %s; retry %d in %d ms", provider, model, response == null ? describe(failure)
                    : "HTTP " + response.statusCode(), attempt, wait.toMillis());
            token.sleep(wait.toMillis());
        }
    }

    /** Reads the JSON body of a successful response. */
    public JsonNode json(String model, HttpResponse<byte[]> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new ProviderException(provider, model, response.statusCode(), "malformed JSON response ("
                    + snippet(response.body()) + ")");
        }
    }

    ProviderException error(String model, HttpResponse<byte[]> response) {
        return new ProviderException(provider, model, response.statusCode(), providerMessage(response.body()));
    }

    /** The provider's message from an error body: OpenAI {@code error.message}, Replicate {@code detail}, … */
    static String providerMessage(byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null) {
                for (JsonNode candidate : new JsonNode[] {n.path("error").path("message"), n.path("detail"),
                    n.path("error"), n.path("message"), n.path("title")}) {
                    if (candidate.isTextual() && !candidate.asText().isBlank()) {
                        return truncate(candidate.asText());
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: fall through to the text
        }
        return snippet(body);
    }

    private static String snippet(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(empty body)" : truncate(text);
    }

    private static String truncate(String s) {
        return s.length() > MAX_ERROR_CHARS ? s.substring(0, MAX_ERROR_CHARS) + "…" : s;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
