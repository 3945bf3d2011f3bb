package io.ddiffusion.worker.providers;

import io.ddiffusion.core.metrics.TaskMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.WorkerTracing;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Calls a provider's REST API: retries with exponential backoff and jitter, honours {@code Retry-After}, stays within
 * a total time budget, aborts at once when the task is cancelled, and turns failures into {@link ProviderException}s
 * carrying the provider's own message. Every provider call goes through here: API calls ({@link #send}), output
 * downloads ({@link #stream}, for {@link SafeDownloader}) and clean-up calls ({@link #cleanUp}). Never logs headers
 * (tokens).
 *
 * <p>Reads (GET, DELETE) are retried on 408/425/429/5xx and network errors. A POST creates something that costs
 * money (an image, a prediction, a video): it is retried only when the provider surely did not take it — 429, or no
 * connection — never after a 5xx or a time-out, which could bill twice.
 */
public final class ProviderHttp {
    private static final Logger LOG = Logger.getLogger(ProviderHttp.class);
    private static final Set<Integer> RETRIED = Set.of(408, 425, 429, 500, 502, 503, 504);
    private static final Set<Integer> RETRIED_CREATE = Set.of(429);
    /** Clean-up runs after the task's token fired: a few quick tries, not the full retry budget. */
    private static final Backoff CLEAN_UP = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofSeconds(5), 3);
    private static final int MAX_ERROR_CHARS = 500;
    /** How much of a streamed error answer is read for its message. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** How an answer's body is read: whole (API answers), or streamed (downloads, following redirects hop by hop). */
    private record Reading<T>(HttpResponse.BodyHandler<T> handler, Function<T, byte[]> errorBody, boolean redirects) {
        boolean accepts(int status) {
            return status / 100 == 2 || redirects && status / 100 == 3;
        }
    }

    private static final Reading<byte[]> WHOLE = new Reading<>(HttpResponse.BodyHandlers.ofByteArray(), b -> b,
            false);
    private static final Reading<InputStream> STREAMED = new Reading<>(HttpResponse.BodyHandlers.ofInputStream(),
            ProviderHttp::readBounded, true);

    private final HttpClient client;
    private final String provider;
    private final Backoff backoff;
    /** Permits for API calls in flight at once, or null: no limit (see {@link #limited}). */
    private final Semaphore calls;
    /** why the global registry: handlers are built by plugins' providers that never see the worker's registry */
    private final TaskMetrics metrics = TaskMetrics.global();

    public ProviderHttp(HttpClient client, String provider, Backoff backoff) {
        this(client, provider, backoff, null);
    }

    private ProviderHttp(HttpClient client, String provider, Backoff backoff, Semaphore calls) {
        this.client = client;
        this.provider = provider;
        this.backoff = backoff;
        this.calls = calls;
    }

    /**
     * This transport with at most {@code maxCalls} API calls ({@link #send}) in flight at once; the others wait for a
     * free one before they are sent. why: for providers whose calls are short (create, poll). Every call in flight
     * holds a connection of its own (HTTP/1.1), and 10,000 tasks that created and polled their predictions at will
     * opened 7,000 connections: memory for each, and the JDK client's pool, which files idle connections in a list
     * walked on every return, spent more CPU the more there were (bench/README.md, "Providers"). Not for calls that
     * last as long as the job (an OpenAI image request): they would queue behind each other.
     */
    public ProviderHttp limited(int maxCalls) {
        return new ProviderHttp(client, provider, backoff, new Semaphore(maxCalls, true));
    }

    /** Calls waiting for a permit of a {@link #limited} transport (0 when unlimited). */
    int waitingCalls() {
        return calls == null ? 0 : calls.getQueueLength();
    }

    /** Sends {@code request} (retrying as its method allows) and returns its successful (2xx) response. */
    public HttpResponse<byte[]> send(String model, HttpRequest request, CancellationToken token)
            throws TaskCancelledException {
        return exchange(model, request, WHOLE, null, token, backoff, idempotent(request), calls);
    }

    /**
     * Sends a download's request and returns its 2xx or 3xx response with the body unread (the caller streams it
     * under a size cap, or follows the redirect). {@code what} names the download in its errors, before the
     * provider's message.
     */
    HttpResponse<InputStream> stream(String model, HttpRequest request, String what, CancellationToken token)
            throws TaskCancelledException {
        return exchange(model, request, STREAMED, what, token, backoff, idempotent(request), null);
    }

    /**
     * Sends a clean-up call (cancel a prediction, delete an abandoned job) that must go out although the task was
     * cancelled: it ignores the task's token, and a handler thread the runtime interrupted (which would abort the call
     * at once) keeps its interrupt for later. Repeating it is harmless, so it is retried like a read, a few quick
     * times.
     *
     * @throws ProviderException when it did not succeed
     */
    public void cleanUp(String model, HttpRequest request) {
        // why not limited: it must go out at once, also while the task's own calls wait for a permit
        withoutAbort(model, () -> exchange(model, request, WHOLE, null, new CancellationToken(), CLEAN_UP, true,
                null));
    }

    /**
     * Sends {@code request} (limited like {@link #send}) so that neither a cancellation nor an interrupt cuts it off:
     * for a create whose result must be known even when the task is being cancelled (a prediction made but never
     * learned of would run, and bill, on). The caller checks its token afterwards; an interrupt stays set.
     */
    public HttpResponse<byte[]> sendWithoutAbort(String model, HttpRequest request) {
        return withoutAbort(model, () -> send(model, request, new CancellationToken()));
    }

    /** A call that must not be cut off. */
    private interface Call<T> {
        T run() throws TaskCancelledException;
    }

    /**
     * Runs {@code call} on a virtual thread of its own (with the caller's trace context) and waits for it through
     * interrupts: the runtime interrupts a cancelled task's thread right after firing its token, which would otherwise
     * abort a clean-up the token's firing just started.
     */
    private <T> T withoutAbort(String model, Call<T> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("provider-call").start(io.opentelemetry.context.Context.current().wrap(() -> {
            try {
                answer.complete(call.run());
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        }));
        try {
            return answer.join(); // why join: it waits through interrupts, and sets the flag again after
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ProviderException(provider, model, "interrupted", e.getCause());
        }
    }

    private static boolean idempotent(HttpRequest request) {
        return !request.method().equals("POST");
    }

    private <T> HttpResponse<T> exchange(String model, HttpRequest request, Reading<T> reading, String what,
            CancellationToken token, Backoff policy, boolean idempotent, Semaphore limit)
            throws TaskCancelledException {
        Set<Integer> retried = idempotent ? RETRIED : RETRIED_CREATE;
        long deadline = System.nanoTime() + policy.budget().toNanos();
        for (int attempt = 1; ; attempt++) {
            token.throwIfCancelled();
            HttpResponse<T> response = null;
            Throwable failure = null;
            long sent = System.nanoTime();
            // why no trace headers on the request: the provider is a third party (see WorkerTracing)
            Span span = WorkerTracing.startCall(request.method() + " " + provider, provider, request, attempt - 1);
            CompletableFuture<HttpResponse<T>> call = null;
            boolean permit = false;
            try {
                if (limit != null) {
                    limit.acquire();
                    permit = true;
                    token.throwIfCancelled();
                    sent = System.nanoTime();
                }
                call = client.sendAsync(request, reading.handler());
                response = await(call, token);
                // why: the time to the answer's headers; a streamed body is read by the caller afterwards
                metrics.providerCall(provider, response.statusCode(), Duration.ofNanos(System.nanoTime() - sent));
                WorkerTracing.answered(span, response.statusCode());
            } catch (ExecutionException e) {
                metrics.providerCall(provider, 0, Duration.ofNanos(System.nanoTime() - sent));
                failure = e.getCause();
                WorkerTracing.failed(span, failure);
            } catch (CancellationException e) {
                WorkerTracing.failed(span, e);
                token.throwIfCancelled();
                failure = e;
            } catch (InterruptedException e) {
                WorkerTracing.failed(span, e);
                if (call != null) {
                    call.cancel(true);
                }
                token.throwIfCancelled();
                Thread.currentThread().interrupt();
                throw new TaskCancelledException(CancellationToken.Reason.REVOKED);
            } catch (TaskCancelledException e) {
                WorkerTracing.failed(span, e);
                throw e;
            } finally {
                if (permit) {
                    limit.release();
                }
                span.end();
            }
            ProviderException error;
            Duration retryAfter = null;
            if (response != null) {
                int status = response.statusCode();
                if (reading.accepts(status)) {
                    return response;
                }
                error = error(model, status, reading.errorBody().apply(response.body()), what);
                if (!retried.contains(status)) {
                    throw error;
                }
                retryAfter = RetryAfter.of(response.headers(), Instant.now());
            } else if (!(failure instanceof IOException) && !(failure instanceof CancellationException)) {
                throw new ProviderException(provider, model, within(what, describe(failure)), failure);
            } else if (!idempotent && !(failure instanceof java.net.ConnectException)
                    && !(failure instanceof java.net.http.HttpConnectTimeoutException)) {
                // why: the request may have reached the provider; repeating it could create (and bill) it twice
                throw new ProviderException(provider, model, within(what, "no answer (" + describe(failure)
                        + "); not retried, the request may have been accepted"), failure);
            } else {
                error = new ProviderException(provider, model, within(what, "no answer after " + attempt
                        + " attempts (" + describe(failure) + ")"), failure);
            }
            Duration wait = policy.delay(attempt, retryAfter);
            if (attempt >= policy.maxAttempts() || System.nanoTime() + wait.toNanos() > deadline) {
                throw error;
            }
            LOG.infof("%s %s: %s; retry %d in %d ms", provider, model, response == null ? describe(failure)
                    : "HTTP " + response.statusCode(), attempt, wait.toMillis());
            token.sleep(wait.toMillis());
        }
    }

    /** The answer of {@code call}, which the task's cancellation aborts. */
    private static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> call, CancellationToken token)
            throws ExecutionException, InterruptedException {
        try (CancellationToken.Registration ignored = token.register(() -> call.cancel(true))) {
            return call.get();
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

    private ProviderException error(String model, int status, byte[] body, String what) {
        return new ProviderException(provider, model, status, within(what, providerMessage(body)));
    }

    private static String within(String what, String message) {
        return what == null ? message : what + " failed: " + message;
    }

    /** The start of a streamed error answer; closing it frees the connection for the retry. */
    private static byte[] readBounded(InputStream in) {
        try (in) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
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
