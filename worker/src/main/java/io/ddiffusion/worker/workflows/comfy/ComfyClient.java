package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.providers.MultipartBody;
import io.ddiffusion.worker.runtime.CancellationToken;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.WorkerTracing;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * ComfyUI's HTTP routes as the worker uses them (server.py): {@code POST /prompt}, {@code GET /history/{id}},
 * {@code GET /queue}, {@code POST /upload/image}, {@code GET /view}, {@code POST /interrupt}, {@code POST /queue}
 * and {@code POST /history} deletes, {@code POST /free}, {@code GET /system_stats} and {@code /object_info}; and its
 * WebSocket
 * ({@link #connect}). Reads abort at once when the task is cancelled; clean-up calls ignore that.
 */
public final class ComfyClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** The provider's name on the sidecar's client spans. */
    private static final String SIDECAR = "ComfyUI";
    private final URI base;
    private final HttpClient http;

    public ComfyClient(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    /** What {@code POST /prompt} answered: ComfyUI's queue number. */
    public record Queued(String promptId, double number) {
    }

    /** The prompts in ComfyUI's queue ({@code GET /queue}): the running one(s) and those waiting. */
    public record QueueState(Set<String> running, Set<String> pending) {
        public boolean holds(String promptId) {
            return running.contains(promptId) || pending.contains(promptId);
        }
    }

    /** {@code GET /system_stats}. */
    public JsonNode systemStats(Duration timeout) throws IOException, InterruptedException {
        return json(send(get("/system_stats").timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** {@code GET /object_info}: every node class the sidecar has, with its inputs. */
    public JsonNode objectInfo(Duration timeout) throws IOException, InterruptedException {
        return json(send(get("/object_info").timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /**
     * Queues {@code prompt} for {@code clientId}'s socket under our {@code promptId}. A 400 (the graph is invalid)
     * becomes a {@link ComfyException} with ComfyUI's explanation per node.
     */
    public Queued queuePrompt(JsonNode prompt, String clientId, String promptId, CancellationToken token)
            throws TaskCancelledException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("prompt", prompt);
        body.put("client_id", clientId);
        body.put("prompt_id", promptId);
        HttpResponse<byte[]> r = call(post("/prompt", body), token, "POST /prompt");
        if (r.statusCode() == 400) {
            throw new ComfyException("ComfyUI refused the workflow: " + PromptErrors.describe(parse(r.body())));
        }
        JsonNode answer = json(r, "POST /prompt");
        return new Queued(answer.path("prompt_id").asText(promptId), answer.path("number").asDouble());
    }

    /** The prompt's history entry once ComfyUI finished it ({@code GET /history/{id}}); empty until then. */
    public Optional<JsonNode> history(String promptId, CancellationToken token) throws TaskCancelledException {
        JsonNode all = json(call(get("/history/" + encode(promptId)).build(), token, "GET /history"),
                "GET /history");
        JsonNode entry = all.path(promptId);
        return entry.isObject() ? Optional.of(entry) : Optional.empty();
    }

    /** {@code GET /queue}: entries are {@code [number, prompt_id, prompt, extra_data, outputs_to_execute]}. */
    public QueueState queue(CancellationToken token) throws TaskCancelledException {
        JsonNode q = json(call(get("/queue").build(), token, "GET /queue"), "GET /queue");
        return new QueueState(ids(q.path("queue_running")), ids(q.path("queue_pending")));
    }

    private static Set<String> ids(JsonNode entries) {
        Set<String> ids = new java.util.HashSet<>();
        entries.forEach(e -> ids.add(e.path(1).asText()));
        return ids;
    }

    /**
     * Uploads an input file ({@code POST /upload/image}, which takes videos too) into {@code subfolder} of
     * ComfyUI's input folder; returns the value a Load node takes: {@code subfolder/name} as ComfyUI stored it.
     */
    public String upload(byte[] data, String filename, String subfolder, CancellationToken token)
            throws TaskCancelledException {
        MultipartBody body = new MultipartBody().file("image", filename, "application/octet-stream", data)
                .field("type", "input").field("subfolder", subfolder).field("overwrite", "true");
        HttpRequest request = HttpRequest.newBuilder(uri("/upload/image")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", body.contentType()).POST(body.publisher()).build();
        JsonNode answer = json(call(request, token, "POST /upload/image"), "POST /upload/image");
        String name = answer.path("name").asText("");
        if (name.isEmpty()) {
            throw new ComfyException("ComfyUI's upload of " + filename + " answered without a file name");
        }
        String folder = answer.path("subfolder").asText("");
        return folder.isEmpty() ? name : folder + "/" + name;
    }

    /**
     * Streams an output file ({@code GET /view}) to {@code target}, refusing it past {@code maxBytes}; returns its
     * size.
     */
    public long view(ComfyOutputs.File file, Path target, long maxBytes, CancellationToken token)
            throws TaskCancelledException, IOException {
        String query = "?filename=" + encode(file.filename()) + "&subfolder=" + encode(file.subfolder())
                + "&type=" + encode(file.type());
        HttpRequest request = get("/view" + query).timeout(Duration.ofMinutes(10)).build();
        HttpResponse<InputStream> r = call(request, HttpResponse.BodyHandlers.ofInputStream(), token,
                "GET /view " + file.filename());
        InputStream body = r.body();
        // why: a blocked read of a large file must end when the task is cancelled, not when the file does
        try (InputStream in = body; OutputStream out = Files.newOutputStream(target);
                CancellationToken.Registration ignored = token.register(() -> closeQuietly(body))) {
            if (r.statusCode() != 200) {
                throw new ComfyException("ComfyUI has no output file " + file.filename() + " (GET /view answered "
                        + r.statusCode() + ")");
            }
            long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(file, maxBytes);
            }
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = readOrCancelled(in, buf, token)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(file, maxBytes);
                }
                out.write(buf, 0, n);
                token.throwIfCancelled();
            }
            return total;
        }
    }

    private static int readOrCancelled(InputStream in, byte[] buf, CancellationToken token) throws IOException,
            TaskCancelledException {
        try {
            return in.read(buf);
        } catch (IOException e) {
            token.throwIfCancelled();
            throw e;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing to abort: nothing more to do
        }
    }

    private static ComfyException tooLarge(ComfyOutputs.File file, long maxBytes) {
        return new ComfyException("output " + file.filename() + " is larger than " + maxBytes / (1024 * 1024)
                + " MiB (DDIFFUSION_COMFY_MAX_OUTPUT_MB)");
    }

    /** Interrupts the prompt if it is the one running ({@code POST /interrupt {prompt_id}}); never throws. */
    public Optional<String> interrupt(String promptId) {
        return cleanUp(post("/interrupt", Json.MAPPER.createObjectNode().put("prompt_id", promptId)));
    }

    /** What the jobs API's cancel answered. */
    public enum JobCancel {
        /** The job was pending (now dequeued) or running (now interrupted). */
        CANCELLED,
        /** The job was neither pending nor running (finished, or unknown). */
        NOT_ACTIVE,
        /** The sidecar has no jobs API (older releases answer 404/405), or the call failed: use the older calls. */
        UNAVAILABLE
    }

    /**
     * Cancels the prompt through the jobs API of recent ComfyUI releases ({@code POST /api/jobs/{id}/cancel}, answered
     * {@code {"cancelled": …}}), which dequeues a pending job or interrupts a running one in one step, with no window
     * between the two; never throws.
     */
    public JobCancel cancelJob(String promptId) {
        CleanUp r = cleanUpExchange(post("/api/jobs/" + encode(promptId) + "/cancel", Json.MAPPER.createObjectNode()));
        if (r.status() != 200) {
            return JobCancel.UNAVAILABLE;
        }
        try {
            JsonNode answer = Json.MAPPER.readTree(r.body());
            if (answer == null || !answer.path("cancelled").isBoolean()) {
                return JobCancel.UNAVAILABLE;
            }
            return answer.path("cancelled").asBoolean() ? JobCancel.CANCELLED : JobCancel.NOT_ACTIVE;
        } catch (IOException e) {
            return JobCancel.UNAVAILABLE;
        }
    }

    /** Removes the prompt from ComfyUI's queue if it still waits there ({@code POST /queue {delete}}). */
    public Optional<String> dequeue(String promptId) {
        return cleanUp(post("/queue", deleteBody(promptId)));
    }

    /** Deletes the prompt's history entry ({@code POST /history {delete}}). */
    public Optional<String> deleteHistory(String promptId) {
        return cleanUp(post("/history", deleteBody(promptId)));
    }

    /**
     * Asks ComfyUI to unload its models and/or free its cached memory ({@code POST /free}); never throws, returns why
     * it failed, if it did. ComfyUI only sets flags here and answers at once: its prompt worker acts on them when it
     * is next idle (at once when no prompt runs), so the memory is given back shortly after, not before, the answer.
     */
    public Optional<String> free(boolean unloadModels, boolean freeMemory) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("unload_models", unloadModels)
                .put("free_memory", freeMemory);
        return cleanUp(post("/free", body));
    }

    private static ObjectNode deleteBody(String promptId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("delete").add(promptId);
        return body;
    }

    /**
     * Sends a call that must go out although the task was cancelled and its thread interrupted; returns why it
     * failed, if it did.
     */
    private Optional<String> cleanUp(HttpRequest request) {
        CleanUp r = cleanUpExchange(request);
        return r.failure().isPresent() ? r.failure()
                : r.status() / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + r.status());
    }

    /** How a clean-up call went: its status and body, or why no answer came (status 0). */
    private record CleanUp(int status, byte[] body, Optional<String> failure) {
    }

    private CleanUp cleanUpExchange(HttpRequest request) {
        boolean interrupted = Thread.interrupted();
        try {
            // why: a cancelled task's slot should be free within seconds, even if the sidecar hangs
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new CleanUp(r.statusCode(), r.body(), Optional.empty());
        } catch (IOException | InterruptedException e) {
            return new CleanUp(0, new byte[0], Optional.of(e.toString()));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Opens {@code /ws?clientId=…}; events arrive in the returned socket's queue. */
    public ComfySocket connect(String clientId, Duration timeout) throws IOException, InterruptedException {
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        URI ws = URI.create(scheme + base.toString().substring(base.getScheme().length()) + "/ws?clientId="
                + encode(clientId));
        ComfySocket socket = ComfySocket.open(http, ws, timeout);
        if (!socket.awaitGreeting(timeout)) {
            socket.close();
            throw new IOException("ComfyUI accepted the WebSocket but sent no status within " + timeout.toSeconds()
                    + " s");
        }
        return socket;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(CALL_TIMEOUT).header("Accept", "application/json").GET();
    }

    private HttpRequest post(String path, JsonNode body) {
        return HttpRequest.newBuilder(uri(path)).timeout(CALL_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8))).build();
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException,
            InterruptedException {
        return http.send(request, handler);
    }

    private HttpResponse<byte[]> call(HttpRequest request, CancellationToken token, String what)
            throws TaskCancelledException {
        return call(request, HttpResponse.BodyHandlers.ofByteArray(), token, what);
    }

    /** Sends {@code request}, aborting it when the task is cancelled; a network failure names the sidecar. */
    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            CancellationToken token, String what) throws TaskCancelledException {
        token.throwIfCancelled();
        Span span = WorkerTracing.startCall(route(what), SIDECAR, request, 0);
        // why trace headers here: the sidecar is ours, so a proxy or ComfyUI build that traces can join the trace
        CompletableFuture<HttpResponse<T>> call = http.sendAsync(WorkerTracing.withTraceHeaders(request, span),
                handler);
        try (CancellationToken.Registration ignored = token.register(() -> call.cancel(true))) {
            HttpResponse<T> r = call.get();
            WorkerTracing.answered(span, r.statusCode());
            return r;
        } catch (ExecutionException e) {
            WorkerTracing.failed(span, e.getCause());
            throw new ComfyException("the ComfyUI sidecar did not answer " + what + ": "
                    + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            WorkerTracing.failed(span, e);
            token.throwIfCancelled();
            throw new ComfyException(what + " to the ComfyUI sidecar was aborted");
        } catch (InterruptedException e) {
            WorkerTracing.failed(span, e);
            call.cancel(true);
            token.throwIfCancelled();
            Thread.currentThread().interrupt();
            throw new TaskCancelledException(CancellationToken.Reason.REVOKED);
        } finally {
            span.end();
        }
    }

    /** A call's span name: its method and route ({@code GET /view}), without the file or prompt it names. */
    private static String route(String what) {
        String[] words = what.split(" ", 3);
        return words.length < 2 ? what : words[0] + " " + words[1];
    }

    private static JsonNode json(HttpResponse<byte[]> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new ComfyException("the ComfyUI sidecar answered " + what + " with HTTP " + r.statusCode() + ": "
                    + snippet(r.body()));
        }
        JsonNode n = parse(r.body());
        if (n == null || n.isMissingNode()) {
            throw new ComfyException("the ComfyUI sidecar answered " + what + " with malformed JSON: "
                    + snippet(r.body()));
        }
        return n;
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode() + " from " + r.uri().getPath());
        }
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static String snippet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? "(empty body)" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** ComfyUI's explanation of a refused prompt: its error, then each node's errors. */
    static final class PromptErrors {
        private PromptErrors() {
        }

        static String describe(JsonNode answer) {
            List<String> parts = new ArrayList<>();
            JsonNode error = answer.path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText("");
            String details = error.path("details").asText("");
            parts.add((message.isEmpty() ? "invalid prompt" : message) + (details.isEmpty() ? "" : " (" + details
                    + ")"));
            Iterator<Map.Entry<String, JsonNode>> nodes = answer.path("node_errors").properties().iterator();
            while (nodes.hasNext()) {
                Map.Entry<String, JsonNode> node = nodes.next();
                List<String> errors = new ArrayList<>();
                node.getValue().path("errors").forEach(e -> {
                    String d = e.path("details").asText("");
                    errors.add(e.path("message").asText("error") + (d.isEmpty() ? "" : ": " + d));
                });
                parts.add("node " + node.getKey() + " (" + node.getValue().path("class_type").asText("?") + "): "
                        + String.join("; ", errors));
            }
            return String.join("; ", parts);
        }
    }
}
