package io.ddiffusion.worker.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.providers.MultipartParser;
import io.ddiffusion.worker.providers.MultipartParser.Part;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's HTTP API on 127.0.0.1, for tests: create a prediction for an official model, get it, cancel it, upload
 * a file, and the output files themselves. Every API request is checked against the documented shape (method, path,
 * Bearer token, JSON body with only {@code input}, the model's input schema from {@link ReplicateSchemas}, decodable
 * file inputs of the right media type, the files API's multipart {@code content} part, parsed strictly); a bad one is answered like
 * Replicate (401/404/422) and recorded in {@link #violations()}. Knobs: how a prediction plays out ({@link Plan}:
 * polls while processing, log chunks, success with an output, failure, or never finishing), one-off faults on the
 * next API requests (429 with Retry-After, 5xx, malformed JSON), and the output URL.
 */
public final class ReplicateEmulator implements AutoCloseable {
    public static final String TOKEN = "r8_emulator_token";
    private static final Pattern CREATE = Pattern.compile("/v1/models/([^/]+/[^/]+)/predictions");
    private static final Pattern PREDICTION = Pattern.compile("/v1/predictions/([a-z0-9]+)(/cancel)?");

    /** One request as it arrived. */
    public record Call(String method, String path, String authorization, String contentType, byte[] body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A file input as received (a data URI or a files-API upload): its declared media type and bytes. */
    public record Media(String declaredType, byte[] bytes) {
    }

    /** What an output is. */
    public enum Output { PNG, WEBP, JPEG, PNG_LIST, MP4, OVERSIZED_PNG, NONE }

    /** How the next predictions play out: {@code polls} answers "processing", each adding the next log chunk. */
    public record Plan(int polls, List<String> logChunks, boolean succeed, boolean finish, Output output,
            String error) {
        public static Plan succeed(Output output) {
            return new Plan(1, List.of(), true, true, output, null);
        }

        public static Plan fail(String error) {
            return new Plan(1, List.of(), false, true, Output.NONE, error);
        }

        /** Keeps processing until cancelled. */
        public static Plan never() {
            return new Plan(0, List.of(), false, false, Output.NONE, null);
        }

        public Plan withLogs(int polls, List<String> chunks) {
            return new Plan(polls, chunks, succeed, finish, output, error);
        }
    }

    private record Fault(int status, String body, String retryAfter) {
    }

    private static final class Sim {
        final String id;
        final String model;
        final JsonNode input;
        final Plan plan;
        int polls;
        volatile String status = "starting";
        volatile boolean cancelCalled;

        Sim(String id, String model, JsonNode input, Plan plan) {
            this.id = id;
            this.model = model;
            this.input = input;
            this.plan = plan;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final String root;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Sim> predictions = new ConcurrentHashMap<>();
    private final Map<String, Media> files = new ConcurrentHashMap<>();
    private final List<Media> uploads = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Plan plan = Plan.succeed(Output.PNG);
    private volatile String outputUrl;

    public ReplicateEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/v1/", this::api);
        server.createContext("/outputs/", this::output);
        server.start();
        root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String baseUrl() {
        return root + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void plan(Plan next) {
        this.plan = next;
    }

    /** Answers the next API request with {@code status} (and {@code Retry-After} seconds when not null). */
    public void fault(int status, String body, String retryAfter) {
        faults.add(new Fault(status, body, retryAfter));
    }

    /** Makes succeeded predictions point their output at {@code url} instead of the emulator's own. */
    public void outputUrl(String url) {
        this.outputUrl = url;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** The {@code input} of the last prediction created for {@code model}. */
    public JsonNode lastInput(String model) {
        return predictions.values().stream().filter(s -> s.model.equals(model))
                .max(java.util.Comparator.comparing(s -> Integer.parseInt(s.id.substring(1))))
                .map(s -> s.input).orElseThrow(() -> new AssertionError("no prediction created for " + model));
    }

    /** Ids of the predictions created so far. */
    public List<String> predictionIds() {
        return predictions.keySet().stream().sorted(java.util.Comparator.comparingInt(id -> Integer.parseInt(
                id.substring(1)))).toList();
    }

    public boolean cancelCalled(String id) {
        Sim s = predictions.get(id);
        return s != null && s.cancelCalled;
    }

    public int polls(String id) {
        Sim s = predictions.get(id);
        return s == null ? 0 : s.polls;
    }

    /** Bytes uploaded through the files API, in order. */
    public List<Media> uploads() {
        return List.copyOf(uploads);
    }

    private void api(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            calls.add(new Call(ex.getRequestMethod(), path, auth, ex.getRequestHeaders().getFirst("Content-Type"),
                    body));
            if (!("Bearer " + TOKEN).equals(auth)) {
                violations.add(path + ": missing or wrong Bearer token");
                send(ex, 401, "{\"detail\":\"You did not pass a valid authentication token\",\"status\":401}");
                return;
            }
            Fault fault = faults.poll();
            if (fault != null) {
                if (fault.retryAfter() != null) {
                    ex.getResponseHeaders().add("Retry-After", fault.retryAfter());
                }
                send(ex, fault.status(), fault.body());
                return;
            }
            Matcher create = CREATE.matcher(path);
            Matcher prediction = PREDICTION.matcher(path);
            if (create.matches() && ex.getRequestMethod().equals("POST")) {
                create(ex, create.group(1), body);
            } else if (prediction.matches() && prediction.group(2) == null && ex.getRequestMethod().equals("GET")) {
                poll(ex, prediction.group(1));
            } else if (prediction.matches() && prediction.group(2) != null && ex.getRequestMethod().equals("POST")) {
                cancel(ex, prediction.group(1));
            } else if (path.equals("/v1/files") && ex.getRequestMethod().equals("POST")) {
                upload(ex, body);
            } else {
                violations.add(ex.getRequestMethod() + " " + path + ": no such endpoint");
                send(ex, 404, "{\"detail\":\"Not found.\",\"status\":404}");
            }
        } catch (RuntimeException e) {
            violations.add("emulator error: " + e);
            throw e;
        }
    }

    private void create(HttpExchange ex, String model, byte[] body) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (type == null || !type.startsWith("application/json") || json == null || !json.isObject()
                || json.size() != 1 || !json.path("input").isObject()) {
            violations.add(model + ": body must be a JSON object {\"input\": {...}} sent as application/json");
            send(ex, 400, "{\"detail\":\"Invalid request body\",\"status\":400}");
            return;
        }
        if (!ReplicateSchemas.MODELS.containsKey(model)) {
            violations.add(model + ": not an official model we know");
            send(ex, 404, "{\"detail\":\"The requested resource could not be found.\",\"status\":404}");
            return;
        }
        JsonNode input = json.get("input");
        List<String> errors = ReplicateSchemas.validate(model, input, this::resolve);
        if (!errors.isEmpty()) {
            errors.forEach(e -> violations.add(model + ": " + e));
            ObjectNode error = Json.MAPPER.createObjectNode().put("title", "Input validation failed")
                    .put("detail", "- " + String.join("\n- ", errors)).put("status", 422);
            send(ex, 422, error.toString());
            return;
        }
        Sim sim = new Sim("p" + ids.incrementAndGet(), model, input, plan);
        predictions.put(sim.id, sim);
        send(ex, 201, state(sim).toString());
    }

    private void poll(HttpExchange ex, String id) throws IOException {
        Sim sim = predictions.get(id);
        if (sim == null) {
            violations.add("GET of unknown prediction " + id);
            send(ex, 404, "{\"detail\":\"Not found.\",\"status\":404}");
            return;
        }
        synchronized (sim) {
            sim.polls++;
            if (!sim.status.equals("canceled")) {
                boolean done = sim.plan.finish() && sim.polls > sim.plan.polls();
                sim.status = !done ? "processing" : sim.plan.succeed() ? "succeeded" : "failed";
            }
        }
        send(ex, 200, state(sim).toString());
    }

    private void cancel(HttpExchange ex, String id) throws IOException {
        Sim sim = predictions.get(id);
        if (sim == null) {
            violations.add("cancel of unknown prediction " + id);
            send(ex, 404, "{\"detail\":\"Not found.\",\"status\":404}");
            return;
        }
        sim.cancelCalled = true;
        sim.status = "canceled";
        send(ex, 200, state(sim).toString());
    }

    private ObjectNode state(Sim sim) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", sim.id).put("model", sim.model)
                .put("version", "hidden").put("status", sim.status);
        n.set("input", sim.input);
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < Math.min(sim.polls, sim.plan.logChunks().size()); i++) {
            logs.append(sim.plan.logChunks().get(i));
        }
        n.put("logs", logs.toString());
        n.putNull("output");
        n.putNull("error");
        if (sim.status.equals("succeeded") && sim.plan.output() != Output.NONE) {
            String url = outputUrl != null ? outputUrl : root + "/outputs/" + sim.id + "." + sim.plan.output();
            if (sim.plan.output() == Output.PNG_LIST) {
                n.putArray("output").add(url).add(url + "-second");
            } else {
                n.put("output", url);
            }
        }
        if (sim.status.equals("failed")) {
            n.put("error", sim.plan.error());
        }
        n.putObject("urls").put("get", baseUrl() + "/predictions/" + sim.id)
                .put("cancel", baseUrl() + "/predictions/" + sim.id + "/cancel");
        return n;
    }

    /** The files API: multipart/form-data with the file in a part named {@code content}. */
    private void upload(HttpExchange ex, byte[] body) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        List<Part> parts;
        try {
            if (type == null || !type.startsWith("multipart/form-data")) {
                throw new IllegalArgumentException("Content-Type is " + type);
            }
            parts = MultipartParser.parse(type, body);
        } catch (IllegalArgumentException e) {
            violations.add("/v1/files: must be a multipart/form-data body: " + e.getMessage());
            send(ex, 400, "{\"detail\":\"Expected multipart/form-data\",\"status\":400}");
            return;
        }
        Optional<Part> content = parts.stream().filter(p -> p.name().equals("content") && p.filename() != null
                && p.contentType() != null).findFirst();
        if (content.isEmpty()) {
            violations.add("/v1/files: no part named 'content' with a filename and a Content-Type");
            send(ex, 400, "{\"detail\":\"content is required\",\"status\":400}");
            return;
        }
        Part part = content.get();
        String id = "f" + ids.incrementAndGet();
        Media media = new Media(part.contentType(), part.data());
        files.put(id, media);
        uploads.add(media);
        ObjectNode file = Json.MAPPER.createObjectNode().put("id", id).put("name", part.filename())
                .put("content_type", part.contentType()).put("size", part.data().length);
        file.putObject("urls").put("get", baseUrl() + "/files/" + id);
        send(ex, 201, file.toString());
    }

    /** A file input: a {@code data:} URI, or the URL of a file uploaded here. */
    private Optional<Media> resolve(String value) {
        Matcher data = Pattern.compile("data:([^;,]+);base64,(.*)", Pattern.DOTALL).matcher(value);
        if (data.matches()) {
            try {
                return Optional.of(new Media(data.group(1), Base64.getDecoder().decode(
                        data.group(2))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String prefix = baseUrl() + "/files/";
        return value.startsWith(prefix) ? Optional.ofNullable(files.get(value.substring(prefix.length())))
                : Optional.empty();
    }

    private void output(HttpExchange ex) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring("/outputs/".length());
            calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), null, null, new byte[0]));
            String kind = name.substring(name.indexOf('.') + 1).replace("-second", "");
            byte[] bytes = switch (Output.valueOf(kind)) {
                case PNG, PNG_LIST -> TestMedia.png(8, 8);
                case WEBP -> TestMedia.WEBP;
                case JPEG -> TestMedia.jpeg(8, 8);
                case MP4 -> TestMedia.MP4;
                case OVERSIZED_PNG -> TestMedia.noisePng(800, 800);
                case NONE -> new byte[0];
            };
            String type = switch (Output.valueOf(kind)) {
                case WEBP -> "image/webp";
                case JPEG -> "image/jpeg";
                case MP4 -> "video/mp4";
                default -> "image/png";
            };
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
