package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.comfy.NodeDefinitionsFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ComfyUI's server on 127.0.0.1 for tests (and, through the worker's test-jar, the app's): the routes of server.py
 * the worker uses, the WebSocket with events in execution.py's order and shapes, one prompt at a time like
 * ComfyUI's single executor, history entries, {@code /view}, multipart uploads, interrupt semantics (only the named
 * prompt, only while it runs; without an id, whatever runs), queue deletes (waiting prompts only), {@code /free}
 * (recorded; a body that is not a JSON object fails as aiohttp's {@code request.json()} does), and 400 with
 * {@code node_errors}. It checks what it receives: {@code client_id} with a socket already open for it,
 * {@code prompt_id} a canonical lowercase UUID, node classes it knows, LoadImage/LoadVideo inputs that were
 * uploaded, upload form fields; a bad request is answered as ComfyUI would and recorded in {@link #violations()}.
 * Knobs: {@link ComfyPlan}, {@link #hold(boolean)} (queue without running), the version and node classes. For the
 * benchmark it notes when each prompt's {@code POST /prompt} arrived and its last event went out ({@link #times}),
 * and counts events that found no socket of their client ({@link #undelivered()}).
 */
public final class ComfyEmulator implements AutoCloseable {
    public static final Set<String> CORE_NODES = Set.of("CheckpointLoaderSimple", "CLIPTextEncode",
            "EmptyLatentImage", "KSampler", "VAEDecode", "SaveImage", "PreviewImage", "LoadImage", "LoadVideo",
            "SaveVideo", "CreateVideo", "PrimitiveInt", "PrimitiveFloat", "PrimitiveString", "PrimitiveStringMultiline",
            "PrimitiveBoolean");
    static final Set<String> OUTPUT_NODES = Set.of("SaveImage", "PreviewImage", "SaveVideo");

    /** One upload as received. */
    public record Upload(String filename, String subfolder, String type, String overwrite, byte[] data) {
    }

    /**
     * When a prompt's {@code POST /prompt} arrived and when its last event (the final {@code executing} with no
     * node, after the history entry) was sent; the wall clock, comparable with the server's task timestamps on the
     * same machine. {@code lastEvent} is null until the prompt ended.
     */
    public record Times(Instant received, Instant lastEvent) {
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread runner;
    private volatile boolean closed;
    volatile String version = "0.9.2";
    volatile Set<String> nodeClasses = CORE_NODES;
    private final Map<String, Map<String, List<String>>> loaderOptions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JsonNode>> redefined = new ConcurrentHashMap<>();
    volatile ComfyPlan plan = ComfyPlan.defaults();
    private volatile boolean hold;
    final Map<String, EmulatedPeer> sockets = new ConcurrentHashMap<>();
    private final LinkedBlockingDeque<EmulatedPrompt> pending = new LinkedBlockingDeque<>();
    private volatile EmulatedPrompt running;
    final Map<String, ObjectNode> history = new ConcurrentHashMap<>();
    private final List<JsonNode> prompts = new CopyOnWriteArrayList<>();
    private final List<String> interrupts = new CopyOnWriteArrayList<>();
    private final List<String> jobCancels = new CopyOnWriteArrayList<>();
    /** How long after answering a WebSocket upgrade the socket is registered (and greeted) under its client id. */
    private volatile long registrationDelayMs;
    /** Whether {@code POST /api/jobs/{id}/cancel} exists (recent releases); older ones answer 404. */
    private volatile boolean jobsApi;
    private final List<String> queueDeletes = new CopyOnWriteArrayList<>();
    private final List<String> historyDeletes = new CopyOnWriteArrayList<>();
    private final List<JsonNode> frees = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    final EmulatedFiles files = new EmulatedFiles(violations);
    private final AtomicInteger number = new AtomicInteger();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger undelivered = new AtomicInteger();
    private final Map<String, Times> times = new ConcurrentHashMap<>();

    public ComfyEmulator() throws IOException {
        this(0);
    }

    /** On {@code port} of 127.0.0.1 (0: any free one), e.g. where a separately started worker expects it. */
    public ComfyEmulator(int port) throws IOException {
        server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("comfy-emulator-accept").start(this::accept);
        runner = Thread.ofPlatform().daemon().name("comfy-emulator-executor").start(this::execute);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public ComfyEmulator plan(ComfyPlan p) {
        this.plan = p;
        return this;
    }

    public ComfyEmulator version(String v) {
        this.version = v;
        return this;
    }

    /**
     * Lists {@code files} as the options of a loader's input in {@code /object_info}, as ComfyUI fills them from its
     * models folders (by default inputs are not described at all).
     */
    public ComfyEmulator loaderOptions(String classType, String input, List<String> files) {
        loaderOptions.computeIfAbsent(classType, k -> new ConcurrentHashMap<>()).put(input, List.copyOf(files));
        return this;
    }

    /**
     * Declares a required input of a class as {@code spec} ({@code /object_info}'s {@code [type, {…}]}), or removes it
     * when {@code spec} is JSON null: a sidecar whose nodes differ from those our graphs were written for.
     */
    public ComfyEmulator redefineInput(String classType, String input, JsonNode spec) {
        redefined.computeIfAbsent(classType, k -> new ConcurrentHashMap<>()).put(input, spec);
        return this;
    }

    public ComfyEmulator nodeClasses(Set<String> classes) {
        this.nodeClasses = Set.copyOf(classes);
        return this;
    }

    /** While held, queued prompts wait (ComfyUI busy with someone else's work). */
    public ComfyEmulator hold(boolean on) {
        this.hold = on;
        return this;
    }

    /** Every {@code POST /prompt} body received, refused ones included. */
    public List<JsonNode> prompts() {
        return List.copyOf(prompts);
    }

    public List<Upload> uploads() {
        return List.copyOf(files.uploads);
    }

    /** Registers each new WebSocket this long after answering its upgrade, as a busy server.py may. */
    public ComfyEmulator slowSocketRegistration(long ms) {
        this.registrationDelayMs = ms;
        return this;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves the jobs API's cancel, as recent releases do (off by default, as in older ones). */
    public ComfyEmulator jobsApi(boolean on) {
        this.jobsApi = on;
        return this;
    }

    /** The job ids named by {@code POST /api/jobs/{id}/cancel}. */
    public List<String> jobCancels() {
        return List.copyOf(jobCancels);
    }

    /** The {@code prompt_id}s named by {@code POST /interrupt} ("" for a global interrupt). */
    public List<String> interrupts() {
        return List.copyOf(interrupts);
    }

    public List<String> queueDeletes() {
        return List.copyOf(queueDeletes);
    }

    public List<String> historyDeletes() {
        return List.copyOf(historyDeletes);
    }

    /** Every well-formed {@code POST /free} body received, in order. */
    public List<JsonNode> frees() {
        return List.copyOf(frees);
    }

    /** Requests that broke ComfyUI's protocol as the worker must use it. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** WebSocket connections accepted so far. */
    public int connects() {
        return connects.get();
    }

    /**
     * Events sent to a client that had no socket open at the time, so nobody received them (ComfyUI drops them
     * the same way): all prompts, since the start.
     */
    public int undelivered() {
        return undelivered.get();
    }

    /** When the prompt arrived and ended, if it was queued (a refused prompt has none). */
    public Optional<Times> times(String promptId) {
        return Optional.ofNullable(times.get(promptId));
    }

    void ended(String promptId) {
        times.computeIfPresent(promptId, (id, t) -> new Times(t.received(), Instant.now()));
    }

    public boolean inHistory(String promptId) {
        return history.containsKey(promptId);
    }

    /** Whether {@code promptId} is queued or running. */
    public boolean queued(String promptId) {
        EmulatedPrompt r = running;
        return r != null && r.id.equals(promptId) || pending.stream().anyMatch(p -> p.id.equals(promptId));
    }

    public boolean isRunning(String promptId) {
        EmulatedPrompt r = running;
        return r != null && r.id.equals(promptId);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.values().forEach(EmulatedPeer::close);
        connections.shutdownNow();
        runner.interrupt();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.submit(() -> serve(s));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            RawHttp.Request r = RawHttp.read(in);
            if (r == null) {
                return;
            }
            String path = r.path().startsWith("/api/") ? r.path().substring(4) : r.path();
            if (path.equals("/ws") && r.header("upgrade").equalsIgnoreCase("websocket")) {
                webSocket(r, s);
                return;
            }
            route(r, path, out);
        } catch (IOException | RuntimeException e) {
            // the client went away, or the test closed the emulator
        }
    }

    private void route(RawHttp.Request r, String path, OutputStream out) throws IOException {
        if (jobsApi && r.method().equals("POST") && path.matches("/jobs/[^/]+/cancel")) {
            json(out, new Answer(200, Json.MAPPER.createObjectNode().put("cancelled",
                    cancelJob(path.substring("/jobs/".length(), path.length() - "/cancel".length())))));
            return;
        }
        String key = r.method() + " " + (path.startsWith("/history/") ? "/history/{id}" : path);
        switch (key) {
            case "POST /prompt" -> json(out, queuePrompt(r.body()));
            case "GET /queue" -> json(out, new Answer(200, queueState()));
            case "POST /queue" -> json(out, deleteQueued(body(r)));
            case "GET /history/{id}" -> {
                ObjectNode h = Json.MAPPER.createObjectNode();
                String id = path.substring("/history/".length());
                if (history.containsKey(id)) {
                    h.set(id, history.get(id));
                }
                json(out, new Answer(200, h));
            }
            case "POST /history" -> {
                body(r).path("delete").forEach(id -> {
                    historyDeletes.add(id.asText());
                    history.remove(id.asText());
                });
                json(out, new Answer(200, Json.MAPPER.createObjectNode()));
            }
            case "POST /interrupt" -> {
                interrupt(r.body().length == 0 ? "" : body(r).path("prompt_id").asText(""));
                json(out, new Answer(200, Json.MAPPER.createObjectNode()));
            }
            case "POST /free" -> free(r, out);
            case "POST /upload/image" -> json(out, files.upload(r));
            case "GET /view" -> files.view(r, out);
            case "GET /system_stats" -> json(out, new Answer(200, systemStats()));
            case "GET /object_info" -> json(out, new Answer(200, objectInfo()));
            default -> RawHttp.respond(out, 404, "text/plain", "404: Not Found".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * server.py's {@code post_free}: {@code await request.json()}, then {@code json_data.get("unload_models", False)}
     * and {@code get("free_memory", False)} set the prompt queue's flags; 200 with an empty body. A body that is not
     * JSON, or JSON without {@code get} (not an object), raises, and aiohttp answers 500.
     */
    private void free(RawHttp.Request r, OutputStream out) throws IOException {
        JsonNode body = body(r);
        if (!body.isObject()) {
            violations.add("POST /free with a body that is not a JSON object: "
                    + new String(r.body(), StandardCharsets.UTF_8));
            RawHttp.respond(out, 500, "text/plain", "500 Internal Server Error\n\nServer got itself in trouble"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        frees.add(body);
        RawHttp.respond(out, 200, "application/octet-stream", new byte[0]);
    }

    /** A JSON answer. */
    record Answer(int status, JsonNode body) {
    }

    private static void json(OutputStream out, Answer a) throws IOException {
        RawHttp.respond(out, a.status(), "application/json; charset=utf-8", a.body().toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode body(RawHttp.Request r) {
        return ComfyClient.parse(r.body());
    }

    private Answer queuePrompt(byte[] raw) {
        Instant received = Instant.now();
        JsonNode body = ComfyClient.parse(raw);
        prompts.add(body);
        JsonNode graph = body.path("prompt");
        if (!graph.isObject()) {
            return refusal("no_prompt", "No prompt provided", "No prompt provided", Json.MAPPER.createObjectNode());
        }
        String clientId = body.path("client_id").asText("");
        if (clientId.isEmpty()) {
            violations.add("POST /prompt without client_id: its events go to no socket");
        } else if (!sockets.containsKey(clientId)) {
            violations.add("POST /prompt for client " + clientId + " before its WebSocket was open");
        }
        String promptId = body.path("prompt_id").asText("");
        if (promptId.isEmpty()) {
            violations.add("POST /prompt without a prompt_id of the worker's own");
            promptId = UUID.randomUUID().toString();
        } else if (!promptId.equals(canonical(promptId))) {
            return refusal("invalid_prompt_id", "Invalid prompt_id format", "prompt_id must be a valid UUID",
                    Json.MAPPER.createObjectNode());
        }
        Answer invalid = validate((ObjectNode) graph);
        if (invalid != null) {
            return invalid;
        }
        EmulatedPrompt p = new EmulatedPrompt(this, promptId, number.getAndIncrement(), (ObjectNode) graph, clientId,
                plan);
        times.put(promptId, new Times(received, null));
        pending.add(p);
        broadcastStatus();
        ObjectNode ok = Json.MAPPER.createObjectNode().put("prompt_id", promptId).put("number", p.number);
        ok.putObject("node_errors");
        return new Answer(200, ok);
    }

    private static String canonical(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** ComfyUI's validation, as far as the tests need it (execution.py validate_prompt). */
    private Answer validate(ObjectNode graph) {
        boolean outputs = false;
        for (var e : graph.properties()) {
            String type = e.getValue().path("class_type").asText("");
            if (!nodeClasses.contains(type)) {
                return refusal("invalid_prompt", "Cannot execute because node " + type + " does not exist.",
                        "Node ID '#" + e.getKey() + "'", Json.MAPPER.createObjectNode());
            }
            outputs |= OUTPUT_NODES.contains(type);
        }
        if (!outputs) {
            return refusal("prompt_no_outputs", "Prompt has no outputs", "", Json.MAPPER.createObjectNode());
        }
        ObjectNode nodeErrors = Json.MAPPER.createObjectNode();
        plan.nodeErrors().forEach((id, details) -> nodeError(nodeErrors, graph, id, "value_not_in_list",
                "Value not in list", details));
        for (var e : graph.properties()) {
            String type = e.getValue().path("class_type").asText();
            String input = type.equals("LoadImage") ? "image" : type.equals("LoadVideo") ? "file" : null;
            if (input != null && !files.has("input", e.getValue().path("inputs").path(input).asText())) {
                nodeError(nodeErrors, graph, e.getKey(), "custom_validation_failed", "Custom validation failed for "
                        + "node", input + " - Invalid file: " + e.getValue().path("inputs").path(input).asText());
            }
        }
        return nodeErrors.isEmpty() ? null : refusal("prompt_outputs_failed_validation",
                "Prompt outputs failed validation", "", nodeErrors);
    }

    private static void nodeError(ObjectNode nodeErrors, ObjectNode graph, String id, String type, String message,
            String details) {
        ObjectNode n = nodeErrors.putObject(id);
        n.putArray("errors").addObject().put("type", type).put("message", message).put("details", details)
                .putObject("extra_info");
        n.putArray("dependent_outputs");
        n.put("class_type", graph.path(id).path("class_type").asText());
    }

    private static Answer refusal(String type, String message, String details, ObjectNode nodeErrors) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.putObject("error").put("type", type).put("message", message).put("details", details)
                .putObject("extra_info");
        a.set("node_errors", nodeErrors);
        return new Answer(400, a);
    }

    private ObjectNode queueState() {
        ObjectNode q = Json.MAPPER.createObjectNode();
        ArrayNode run = q.putArray("queue_running");
        EmulatedPrompt r = running;
        if (r != null) {
            run.add(r.queueEntry());
        }
        ArrayNode wait = q.putArray("queue_pending");
        pending.forEach(p -> wait.add(p.queueEntry()));
        return q;
    }

    private Answer deleteQueued(JsonNode body) {
        if (body.path("clear").asBoolean(false)) {
            pending.clear();
        }
        body.path("delete").forEach(id -> {
            queueDeletes.add(id.asText());
            pending.removeIf(p -> p.id.equals(id.asText()));
        });
        return new Answer(200, Json.MAPPER.createObjectNode());
    }

    /**
     * The jobs API's cancel (comfy_execution/jobs.py, recent releases): a pending job is dequeued, a running one
     * interrupted, in one step; {@code cancelled} is false for anything else.
     */
    private boolean cancelJob(String id) {
        jobCancels.add(id);
        if (pending.removeIf(p -> p.id.equals(id))) {
            return true;
        }
        EmulatedPrompt r = running;
        if (r != null && r.id.equals(id)) {
            r.interrupted = true;
            return true;
        }
        return false;
    }

    /** ComfyUI 0.3.57+: with a prompt id only that prompt, and only while it runs; without one, whatever runs. */
    private void interrupt(String promptId) {
        interrupts.add(promptId);
        EmulatedPrompt r = running;
        if (r != null && (promptId.isEmpty() || r.id.equals(promptId))) {
            r.interrupted = true;
        }
    }


    private ObjectNode systemStats() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("system").put("os", "posix").put("ram_total", 64L << 30).put("ram_free", 32L << 30)
                .put("comfyui_version", version).put("python_version", "3.12.3").put("pytorch_version", "2.9.1")
                .put("embedded_python", false).putArray("argv").add("main.py");
        s.putArray("devices").addObject().put("name", "cuda:0 emulated").put("type", "cuda").put("index", 0)
                .put("vram_total", 24L << 30).put("vram_free", 20L << 30);
        return s;
    }

    /**
     * Each known class as ComfyUI's source defines it (the transcribed fixture), else with no inputs described;
     * loader options and redefined inputs laid over it.
     */
    private ObjectNode objectInfo() {
        ObjectNode info = Json.MAPPER.createObjectNode();
        ObjectNode defined = NodeDefinitionsFixture.objectInfo();
        for (String c : nodeClasses) {
            ObjectNode n = info.putObject(c);
            JsonNode source = defined.path(c);
            ObjectNode required = n.putObject("input").putObject("required");
            source.path("input").path("required").properties().forEach(e -> required.set(e.getKey(), e.getValue()));
            if (source.path("input").has("optional")) {
                ((ObjectNode) n.get("input")).set("optional", source.path("input").path("optional"));
            }
            loaderOptions.getOrDefault(c, Map.of()).forEach((input, files) -> {
                var spec = required.putArray(input);
                files.forEach(spec.addArray()::add);
                spec.addObject();
            });
            redefined.getOrDefault(c, Map.of()).forEach((input, spec) -> {
                if (spec.isNull()) {
                    required.remove(input);
                } else {
                    required.set(input, spec);
                }
            });
            var outputs = n.putArray("output");
            source.path("output").forEach(outputs::add);
            n.put("name", c).put("display_name", c).put("category", "emulated").put("python_module", "nodes")
                    .put("output_node", OUTPUT_NODES.contains(c));
        }
        return info;
    }

    private void webSocket(RawHttp.Request r, Socket s) throws IOException {
        String clientId = r.query().getOrDefault("clientId", UUID.randomUUID().toString().replace("-", ""));
        RawHttp.acceptWebSocket(s.getOutputStream(), r.header("sec-websocket-key"));
        if (registrationDelayMs > 0) {
            sleepQuietly(registrationDelayMs); // server.py: ws.prepare() answers, then the socket is registered
        }
        EmulatedPeer peer = new EmulatedPeer(s);
        connects.incrementAndGet();
        sockets.put(clientId, peer);
        ObjectNode status = statusData();
        status.put("sid", clientId);
        peer.send("status", status);
        try {
            for (RawHttp.Frame f = RawHttp.readFrame(s.getInputStream()); f != null; f = RawHttp.readFrame(
                    s.getInputStream())) {
                if (f.opcode() == 9 && !peer.muted) {
                    peer.frame(10, f.payload());
                } else if (f.opcode() == 8) {
                    peer.frame(8, new byte[0]);
                    break;
                }
            }
        } finally {
            // why: as server.py does (sockets.pop(sid) when a socket ends), even if the client id has a newer socket
            // by now: a client that reconnects before its old socket is closed loses its events to this
            sockets.remove(clientId);
        }
    }

    private ObjectNode statusData() {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.putObject("status").putObject("exec_info").put("queue_remaining", pending.size() + (running == null ? 0
                : 1));
        return d;
    }

    void broadcastStatus() {
        sockets.values().forEach(p -> p.send("status", statusData()));
    }

    /** Sends to the socket {@code clientId} has now, as ComfyUI's send_sync does (nothing when it has none). */
    void send(String clientId, String type, JsonNode data) {
        EmulatedPeer p = sockets.get(clientId);
        if (p != null) {
            p.send(type, data);
        } else {
            undelivered.incrementAndGet();
        }
    }

    void broadcast(String type, JsonNode data) {
        sockets.values().forEach(p -> p.send(type, data));
    }

    private void execute() {
        while (!closed) {
            try {
                EmulatedPrompt next = hold ? null : pending.pollFirst(5, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (next == null) {
                    Thread.sleep(2);
                    continue;
                }
                running = next;
                next.run();
            } catch (InterruptedException e) {
                return;
            } finally {
                running = null;
            }
        }
    }

}
