package io.ddiffusion.worker.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.core.media.UnsupportedMediaException;
import io.ddiffusion.worker.providers.Backoff;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.ProviderException;
import io.ddiffusion.worker.providers.ProviderHttp;
import io.ddiffusion.worker.providers.SafeDownloader;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.ChatCompletion;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.ImageEdit;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.ImageGeneration;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.Response;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.Video;
import io.ddiffusion.worker.providers.openai.OpenAiRequests.VideoCreate;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.Prerequisite;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A small client for the parts of the OpenAI REST API the handlers use: image generation and edits, the Responses
 * API, Videos (Sora), and Chat Completions on a local OpenAI-compatible server.
 *
 * <p>Plain {@code java.net.http} with typed records rather than the official openai-java SDK: we evaluated the SDK
 * and chose plain HTTP for control over retries (backoff with jitter, {@code Retry-After}, a time budget, via
 * {@link ProviderHttp}), prompt cancellation of in-flight calls, and SSRF-safe output downloads.
 *
 * <p>Sends {@code Authorization: Bearer <key>} when it has a key; never logs headers or the key.
 */
public final class OpenAiClient implements Prerequisite {
    public static final String PROVIDER = "openai";
    /** The provider name in errors from the local OpenAI-compatible server ({@code qwen-2}). */
    public static final String LOCAL_PROVIDER = "local-llm";
    static final String MISSING_KEY = "OPENAI_API_KEY is not set on this worker";

    private static final Logger LOG = Logger.getLogger(OpenAiClient.class);
    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int CONTENT_ATTEMPTS = 3;

    private final String provider;
    private final String base;
    private final Optional<String> key;
    private final ProviderHttp http;
    private final HttpClient noRedirects;
    private final SafeDownloader downloader;
    private final Backoff backoff;
    private final long maxBytes;

    private OpenAiClient(String provider, String baseUrl, Optional<String> key, ProviderClients clients) {
        this.provider = provider;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
        this.http = new ProviderHttp(clients.api(), provider, clients.backoff());
        // why: the video content may redirect to a CDN; the bearer token must not follow it there
        this.noRedirects = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.downloader = clients.downloader();
        this.backoff = clients.backoff();
        this.maxBytes = clients.settings().maxDownloadBytes();
    }

    /** The OpenAI API at {@code OPENAI_BASE_URL} with {@code OPENAI_API_KEY}. */
    public static OpenAiClient openAi(ProviderClients clients) {
        return new OpenAiClient(PROVIDER, clients.settings().openAiBaseUrl(), clients.settings().openAiApiKey(),
                clients);
    }

    /**
     * A local OpenAI-compatible server (vLLM, llama-server) at {@code baseUrl}; it gets a key only when the operator
     * started it with one ({@code DDIFFUSION_LOCAL_LLM_API_KEY}).
     */
    public static OpenAiClient local(ProviderClients clients, String baseUrl) {
        return new OpenAiClient(LOCAL_PROVIDER, baseUrl, clients.settings().localLlmApiKey(), clients);
    }

    public String provider() {
        return provider;
    }

    /** A model on OpenAI needs the key on the workers that run it; a local server may run without one. */
    @Override
    public Optional<String> unmetFor(ModelSpec model) {
        return key.isPresent() || !provider.equals(PROVIDER) ? Optional.empty() : Optional.of("OPENAI_API_KEY is "
                + "not set on the workers of the " + model.queue().id() + " queue: " + model.id() + " runs on OpenAI");
    }

    /** Fails at once, before any call, when this worker has no OpenAI key. */
    public void requireKey() {
        if (key.isEmpty()) {
            throw new IllegalStateException(MISSING_KEY);
        }
    }

    /** {@code POST /images/generations}; returns the image bytes. */
    public byte[] generateImage(ImageGeneration r, CancellationToken token) throws TaskCancelledException {
        HttpRequest req = request("/images/generations", Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(json(r.json())).build();
        return image(r.model(), http.json(r.model(), http.send(r.model(), req, token)), token);
    }

    /** {@code POST /images/edits}; returns the image bytes. */
    public byte[] editImage(ImageEdit r, CancellationToken token) throws TaskCancelledException {
        MultipartBody body = r.multipart();
        HttpRequest req = request("/images/edits", Duration.ofMinutes(5))
                .header("Content-Type", body.contentType()).POST(body.publisher()).build();
        return image(r.model(), http.json(r.model(), http.send(r.model(), req, token)), token);
    }

    /** {@code POST /responses}; returns the output text. */
    public String respond(Response r, CancellationToken token) throws TaskCancelledException {
        HttpRequest req = request("/responses", Duration.ofMinutes(3))
                .header("Content-Type", "application/json").POST(json(r.json())).build();
        return outputText(r.model(), http.json(r.model(), http.send(r.model(), req, token)));
    }

    /** {@code POST /chat/completions}; returns the first choice's message text. */
    public String chat(ChatCompletion r, CancellationToken token) throws TaskCancelledException {
        HttpRequest req = request("/chat/completions", Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(json(r.json())).build();
        JsonNode content = http.json(r.model(), http.send(r.model(), req, token))
                .path("choices").path(0).path("message").path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")));
        if (text.isEmpty()) {
            throw new ProviderException(provider, r.model(), 200, "the answer holds no message content");
        }
        return text.toString();
    }

    /** {@code POST /videos}: starts a video job. */
    public Video createVideo(VideoCreate r, CancellationToken token) throws TaskCancelledException {
        MultipartBody body = r.multipart();
        HttpRequest req = request("/videos", Duration.ofMinutes(2))
                .header("Content-Type", body.contentType()).POST(body.publisher()).build();
        HttpResponse<byte[]> res = http.send(r.model(), req, token);
        Video v = Video.from(http.json(r.model(), res), pollAfter(res));
        checkId(r.model(), v.id());
        return v;
    }

    /** {@code GET /videos/{id}}: the job's status and progress. */
    public Video video(String model, String id, CancellationToken token) throws TaskCancelledException {
        HttpRequest req = request("/videos/" + checkId(model, id), Duration.ofMinutes(1)).GET().build();
        HttpResponse<byte[]> res = http.send(model, req, token);
        return Video.from(http.json(model, res), pollAfter(res));
    }

    /**
     * {@code GET /videos/{id}/content?variant=video} into {@code target}: streamed, size-capped, checked to be a
     * video. A redirect (to a CDN) is followed without the key, through the SSRF-safe downloader.
     */
    public void downloadVideo(String model, String id, Path target, CancellationToken token)
            throws TaskCancelledException {
        HttpRequest req = request("/videos/" + checkId(model, id) + "/content?variant=video", Duration.ofMinutes(5))
                .header("Accept", "application/binary").GET().build();
        for (int attempt = 1; ; attempt++) {
            token.throwIfCancelled();
            HttpResponse<InputStream> res;
            try {
                res = stream(req, token);
            } catch (IOException e) {
                if (attempt >= CONTENT_ATTEMPTS) {
                    throw new ProviderException(provider, model, "downloading the video failed: " + e.getMessage(), e);
                }
                token.sleep(backoff.delay(attempt, null).toMillis());
                continue;
            }
            int status = res.statusCode();
            if (status / 100 == 3) {
                close(res.body());
                String location = res.headers().firstValue("Location").orElseThrow(() ->
                        new ProviderException(provider, model, status, "redirect without a Location"));
                downloader.download(provider, model, req.uri().resolve(location), SafeDownloader.Kind.VIDEO, target,
                        token);
                return;
            }
            if (status == 200) {
                save(model, res, target, token);
                return;
            }
            String message = errorMessage(readBounded(res.body()));
            if ((status == 429 || status >= 500) && attempt < CONTENT_ATTEMPTS) {
                token.sleep(Math.min(backoff.max().toMillis(), backoff.delay(attempt, retryAfter(res)).toMillis()));
                continue;
            }
            throw new ProviderException(provider, model, status, message);
        }
    }

    /**
     * {@code DELETE /videos/{id}}, best effort and bounded: the Videos API has no cancel endpoint, so an abandoned
     * job is deleted instead (removing it from OpenAI's storage). Runs even when the task is already cancelled.
     */
    public boolean deleteVideo(String model, String id) {
        if (!VIDEO_ID.matcher(id).matches()) {
            return false;
        }
        HttpRequest req = request("/videos/" + id, Duration.ofSeconds(10)).DELETE().build();
        try {
            int status = noRedirects.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                    .get(10, TimeUnit.SECONDS).statusCode();
            LOG.infof("%s %s: deleted abandoned video %s (HTTP %d)", provider, model, id, status);
            return status / 100 == 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.infof("%s %s: could not delete abandoned video %s: %s", provider, model, id, e.getMessage());
        }
        return false;
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        key.ifPresent(k -> b.header("Authorization", "Bearer " + k));
        return b;
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        return HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8);
    }

    /** The image of an Images API answer: {@code data[0].b64_json}, or {@code data[0].url} from compatible servers. */
    private byte[] image(String model, JsonNode answer, CancellationToken token) throws TaskCancelledException {
        JsonNode first = answer.path("data").path(0);
        if (first.path("b64_json").isTextual()) {
            String b64 = first.path("b64_json").asText();
            long size = b64.length() / 4L * 3L;
            if (size > maxBytes) {
                throw new ProviderException(provider, model, 200, "output of about " + size + " bytes exceeds the "
                        + "download limit of " + maxBytes + " bytes");
            }
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new ProviderException(provider, model, 200, "b64_json is not valid base64");
            }
        }
        if (first.path("url").isTextual()) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile("openai-image-", ".part");
                downloader.download(provider, model, URI.create(first.path("url").asText()),
                        SafeDownloader.Kind.IMAGE, tmp, token);
                return Files.readAllBytes(tmp);
            } catch (IllegalArgumentException e) {
                throw new ProviderException(provider, model, 200, "output URL is malformed");
            } catch (IOException e) {
                throw new ProviderException(provider, model, "reading the output failed: " + e.getMessage(), e);
            } finally {
                deleteQuietly(tmp);
            }
        }
        throw new ProviderException(provider, model, 200, "the answer holds no image (data[0].b64_json)");
    }

    /** The text of a Responses API answer: every {@code output_text} of every assistant message, in order. */
    private String outputText(String model, JsonNode answer) {
        String status = answer.path("status").asText("completed");
        if (status.equals("failed")) {
            throw new ProviderException(provider, model, 200, "the response failed: "
                    + answer.path("error").path("message").asText("no message"));
        }
        StringBuilder text = new StringBuilder();
        String refusal = null;
        for (JsonNode item : answer.path("output")) {
            if (!item.path("type").asText().equals("message")) {
                continue; // reasoning items and tool calls carry no answer text
            }
            for (JsonNode part : item.path("content")) {
                switch (part.path("type").asText()) {
                    case "output_text" -> text.append(part.path("text").asText(""));
                    case "refusal" -> refusal = part.path("refusal").asText("");
                    default -> {
                        // other content kinds carry no text
                    }
                }
            }
        }
        if (text.isEmpty() && answer.path("output_text").isTextual()) {
            text.append(answer.path("output_text").asText()); // the SDKs' convenience field, if a server sends it
        }
        if (!text.isEmpty()) {
            return text.toString();
        }
        if (refusal != null) {
            throw new ProviderException(provider, model, 200, "the model refused: " + refusal);
        }
        if (status.equals("incomplete")) {
            throw new ProviderException(provider, model, 200, "the response stopped before any text ("
                    + answer.path("incomplete_details").path("reason").asText("no reason given") + ")");
        }
        throw new ProviderException(provider, model, 200, "the answer holds no output text");
    }

    private String checkId(String model, String id) {
        if (!VIDEO_ID.matcher(id).matches()) {
            throw new ProviderException(provider, model, 200, "unexpected video id in the answer");
        }
        return id;
    }

    private static Optional<Duration> pollAfter(HttpResponse<?> res) {
        return res.headers().firstValue("openai-poll-after-ms").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Duration retryAfter(HttpResponse<?> res) {
        return res.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    private HttpResponse<InputStream> stream(HttpRequest req, CancellationToken token) throws IOException,
            TaskCancelledException {
        var call = noRedirects.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        try (var _ = token.register(() -> call.cancel(true))) {
            return call.get();
        } catch (ExecutionException e) {
            token.throwIfCancelled();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (CancellationException e) {
            token.throwIfCancelled();
            throw new IOException("request cancelled", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            token.throwIfCancelled();
            Thread.currentThread().interrupt();
            throw new TaskCancelledException(CancellationToken.Reason.REVOKED);
        }
    }

    /** Streams a successful content answer into {@code target} under the size cap; it must be a video. */
    private void save(String model, HttpResponse<InputStream> res, Path target, CancellationToken token)
            throws TaskCancelledException {
        long declared = res.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = res.body()) {
            if (declared > maxBytes) {
                throw new ProviderException(provider, model, 200, "output of " + declared + " bytes exceeds the "
                        + "download limit of " + maxBytes + " bytes");
            }
            try (var _ = token.register(() -> close(in));
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
            }
            if (!MediaProbe.probe(target).format().isVideo()) {
                throw new ProviderException(provider, model, 200, "output is not a video");
            }
        } catch (UnsupportedMediaException e) {
            deleteQuietly(target);
            throw new ProviderException(provider, model, 200, "output is not a supported video");
        } catch (IOException e) {
            deleteQuietly(target);
            token.throwIfCancelled();
            throw new ProviderException(provider, model, "reading the output failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    private static byte[] readBounded(InputStream in) {
        try (in) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** OpenAI's {@code error.message} from an error body, else the body's start. */
    static String errorMessage(byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && n.path("error").path("message").isTextual()) {
                return n.path("error").path("message").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(empty body)" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp file; nothing else to do
        }
    }
}
