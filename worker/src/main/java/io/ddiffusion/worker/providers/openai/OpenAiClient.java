package io.ddiffusion.worker.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.providers.MultipartBody;
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
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
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

    private final String provider;
    private final String base;
    private final Optional<String> key;
    private final ProviderHttp http;
    private final SafeDownloader downloader;
    private final long maxBytes;

    private OpenAiClient(String provider, String baseUrl, Optional<String> key, ProviderClients clients) {
        this.provider = provider;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
        this.http = clients.http(provider);
        this.downloader = clients.downloader();
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
     * video, retried like any download. why: through the downloader's client, which follows no redirect by itself, so
     * a redirect (to a CDN) is followed without the key and checked like any output URL.
     */
    public void downloadVideo(String model, String id, Path target, CancellationToken token)
            throws TaskCancelledException {
        HttpRequest req = request("/videos/" + checkId(model, id) + "/content?variant=video", Duration.ofMinutes(5))
                .header("Accept", "application/binary").GET().build();
        downloader.download(provider, model, req, SafeDownloader.Kind.VIDEO, target, token);
    }

    /**
     * {@code DELETE /videos/{id}}, best effort and bounded: the Videos API has no cancel endpoint, so an abandoned
     * job is deleted instead (removing it from OpenAI's storage). Runs even when the task is already cancelled.
     */
    public void deleteVideo(String model, String id) {
        if (!VIDEO_ID.matcher(id).matches()) {
            return;
        }
        try {
            http.cleanUp(model, request("/videos/" + id, Duration.ofSeconds(10)).DELETE().build());
            LOG.infof("%s %s: deleted abandoned video %s", provider, model, id);
        } catch (ProviderException e) {
            LOG.infof("%s %s: could not delete abandoned video %s: %s", provider, model, id, e.getMessage());
        }
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
            try {
                return downloader.image(provider, model, first.path("url").asText(), token);
            } catch (IOException e) {
                throw new ProviderException(provider, model, "reading the output failed: " + e.getMessage(), e);
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
}
