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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replicate's HTTP API on 127.0.0.1, for the worker's tests and the provider benchmark (bench/run-providers.sh, which
 * gets it through this module's test-jar): create a prediction for an official model, get it, cancel it, upload a
 * file, and the output files themselves. Every API request is checked against the documented shape (method, path,
 * Bearer token, JSON body with only {@code input}, the model's input schema from {@link ReplicateSchemas}, decodable
 * file inputs of the right media type, the files API's multipart {@code content} part, parsed strictly); a bad one is
 * answered like Replicate (401/404/422) and recorded in {@link #violations()}. Knobs: how predictions play out
 * ({@link Plan}: polls while processing, a latency, log chunks, success with an output, failure, or never
 * finishing), one-off faults on the next API requests (429 with Retry-After, 5xx, malformed JSON), and the output
 * URL. For the benchmark it counts what it served, the error answers among it, and the predictions in flight (from
 * their creation until it first reports them finished, or they are cancelled) with their maximum.
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

    /**
     * How the next predictions play out: {@code polls} GETs answer "processing", each adding the next log chunk (all
     * of them are there once it is finished), and none finishes before {@code latency} has passed since its creation.
     * With no polls and no latency the create call already answers the final state, as a model that answers at once.
     */
    public record Plan(int polls, Duration latency, List<String> logChunks, boolean succeed, boolean finish,
            Output output, String error) {
        public static Plan succeed(Output output) {
            return new Plan(1, Duration.ZERO, List.of(), true, true, output, null);
        }

        public static Plan fail(String error) {
            return new Plan(1, Duration.ZERO, List.of(), false, true, Output.NONE, error);
        }

        /** Keeps processing until cancelled. */
        public static Plan never() {
            return new Plan(0, Duration.ZERO, List.of(), false, false, Output.NONE, null);
        }

        public Plan withLogs(int polls, List<String> chunks) {
            return new Plan(polls, latency, chunks, succeed, finish, output, error);
        }

        public Plan after(Duration latency) {
            return new Plan(polls, latency, logChunks, succeed, finish, output, error);
        }

        /** Whether a prediction of this age is finished when it is seen for the {@code polled}-th time (0: created). */
        boolean finishedAt(int polled, long ageNanos) {
            return finish && ageNanos >= latency.toNanos() && (polled > polls || polls == 0);
        }
    }

    private record Fault(int status, String body, String retryAfter) {
    }

    private static final class Sim {
        final String id;
        final String model;
        final JsonNode input;
        final Plan plan;
        final long createdNanos = System.nanoTime();
        int polls;
        /** Set by {@link #finishNow}: finishes at its next poll, whatever its plan's latency. */
        volatile boolean released;
        volatile String status = "starting";
        volatile boolean cancelCalled;

        Sim(String id, String model, JsonNode input, Plan plan) {
            this.id = id;
            this.model = model;
            this.input = input;
            this.plan = plan;
        }

        void finish() {
            status = plan.succeed() ? "succeeded" : "failed";
        }

        boolean isFinal() {
            return switch (status) {
                case "succeeded", "failed", "canceled" -> true;
                default -> false;
            };
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final String token;
    private final String root;
    // why: a queue, not a copy-on-write list: the benchmark records thousands of calls
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Sim> predictions = new ConcurrentHashMap<>();
    private final Map<String, Media> files = new ConcurrentHashMap<>();
    private final List<Media> uploads = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** When set, a create's answer waits for it after the prediction exists (an answer still on its way). */
    private volatile java.util.concurrent.CountDownLatch createAnswers;
    private final LongAdder created = new LongAdder();
    private final LongAdder polled = new LongAdder();
    private final LongAdder downloads = new LongAdder();
    private final LongAdder cancels = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Plan plan = Plan.succeed(Output.PNG);
    private volatile String outputUrl;

    /** On a free port, accepting {@link #TOKEN}. */
    public ReplicateEmulator() throws IOException {
        this(0, TOKEN);
    }

    /** On {@code port} (0: any free one), accepting {@code token}. */
    public ReplicateEmulator(int port, String token) throws IOException {
        this.token = token;
        // why: the benchmark opens a thousand predictions at once; the default backlog would refuse connections
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
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

    /**
     * How many predictions were created for {@code model}, by the text of their input's {@code field}. why: a test
     * that gives every task its own prompt counts the provider jobs each task cost (a takeover must attach to the
     * prediction it finds, never create and pay for a second one).
     */
    public Map<String, Long> createdBy(String model, String field) {
        return predictions.values().stream().filter(s -> s.model.equals(model)).collect(
                Collectors.groupingBy(s -> s.input.path(field).asText(), Collectors.counting()));
    }

    /**
     * Makes the predictions created for {@code model} whose input's {@code field} is {@code value} finish at their
     * next poll, as their plan says but without waiting for its latency: a test decides when each job is done.
     */
    public void finishNow(String model, String field, String value) {
        predictions.values().stream().filter(s -> s.model.equals(model) && s.input.path(field).asText().equals(value))
                .forEach(s -> s.released = true);
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

    /** Predictions created and not yet reported finished or cancelled. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most predictions in flight at once since the start or {@link #resetMax()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Starts a new measurement of the maximum (from the current number in flight). */
    public void resetMax() {
        maxInFlight.set(inFlight.get());
    }

    /** Predictions created since the start. */
    public long created() {
        return created.sum();
    }

    /** Prediction GETs (polls) answered since the start. */
    public long polls() {
        return polled.sum();
    }

    /** Answers with a status of 400 or more, and requests it failed on. */
    public long errors() {
        return errors.sum();
    }

    public String counters() {
        return "emulator: " + created.sum() + " created, " + polled.sum() + " polls, " + downloads.sum()
                + " downloads, " + cancels.sum() + " cancels, " + errors.sum() + " errors";
    }

    private void api(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            calls.add(new Call(ex.getRequestMethod(), path, auth, ex.getRequestHeaders().getFirst("Content-Type"),
                    body));
            if (!("Bearer " + token).equals(auth)) {
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
            errors.increment();
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
        created.increment();
        if (sim.plan.finishedAt(0, 0)) {
            sim.finish();
        } else {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }
        predictions.put(sim.id, sim);
        java.util.concurrent.CountDownLatch hold = createAnswers;
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send(ex, 201, state(sim).toString());
    }

    /** Create answers wait until {@code gate} opens (null: they go at once); the predictions exist meanwhile. */
    public void holdCreateAnswers(java.util.concurrent.CountDownLatch gate) {
        createAnswers = gate;
    }

    private void poll(HttpExchange ex, String id) throws IOException {
        polled.increment();
        Sim sim = known(ex, id, "GET");
        if (sim == null) {
            return;
        }
        synchronized (sim) {
            sim.polls++;
            if (!sim.isFinal()) {
                if (sim.plan.finishedAt(sim.polls, System.nanoTime() - sim.createdNanos)
                        || (sim.released && sim.plan.finish())) {
                    sim.finish();
                    inFlight.decrementAndGet();
                } else {
                    sim.status = "processing";
                }
            }
        }
        send(ex, 200, state(sim).toString());
    }

    private void cancel(HttpExchange ex, String id) throws IOException {
        cancels.increment();
        Sim sim = known(ex, id, "cancel");
        if (sim == null) {
            return;
        }
        synchronized (sim) {
            sim.cancelCalled = true;
            if (!sim.isFinal()) {
                sim.status = "canceled";
                inFlight.decrementAndGet();
            }
        }
        send(ex, 200, state(sim).toString());
    }

    /** The prediction {@code id}, or null after answering 404: the client asked for one it never created. */
    private Sim known(HttpExchange ex, String id, String what) throws IOException {
        Sim sim = predictions.get(id);
        if (sim == null) {
            violations.add(what + " of unknown prediction " + id);
            send(ex, 404, "{\"detail\":\"Not found.\",\"status\":404}");
        }
        return sim;
    }

    private ObjectNode state(Sim sim) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", sim.id).put("model", sim.model)
                .put("version", "hidden").put("status", sim.status);
        n.set("input", sim.input);
        List<String> chunks = sim.plan.logChunks();
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < (sim.isFinal() ? chunks.size() : Math.min(sim.polls, chunks.size())); i++) {
            logs.append(chunks.get(i));
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
            downloads.increment();
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

    private void send(HttpExchange ex, int status, String body) throws IOException {
        if (status >= 400) {
            errors.increment();
        }
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
