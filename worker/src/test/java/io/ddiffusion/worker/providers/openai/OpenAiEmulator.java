package io.ddiffusion.worker.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.providers.MultipartParser;
import io.ddiffusion.worker.providers.MultipartParser.Part;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.core.media.MediaProbe;
import io.ddiffusion.worker.media.Images;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of the OpenAI API the worker calls (images, responses, videos) plus the chat completions of a local
 * OpenAI-compatible server, on the JDK's HTTP server at 127.0.0.1 on a random port. Every request is checked against
 * the documented shape (method, path, bearer key, JSON fields or multipart parts and their content types, per model)
 * and recorded; a request that breaks the shape gets OpenAI's 400 error body and is listed in {@link #violations()}.
 * Knobs make the next answers fail (429 with Retry-After, 5xx, 400, malformed JSON), make videos slow or failing,
 * outputs oversized, images come as URLs and video content as a redirect.
 */
public final class OpenAiEmulator implements AutoCloseable {
    public static final String KEY = "test-key";
    public static final Set<String> IMAGE_MODELS = Set.of("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5");
    public static final Set<String> RESPONSE_MODELS = Set.of("gpt-4o-mini", "gpt-4.1-mini", "gpt-5-mini");
    public static final Set<String> IMAGE_SIZES = Set.of("1024x1024", "1536x1024", "1024x1536", "auto");
    public static final Set<String> IMAGE_QUALITIES = Set.of("auto", "low", "medium", "high");
    public static final Set<String> VIDEO_SIZES = Set.of("720x1280", "1280x720", "1024x1792", "1792x1024");
    public static final Set<String> VIDEO_SECONDS = Set.of("4", "8", "12");
    public static final Set<String> UPLOAD_TYPES = Set.of("image/png", "image/jpeg", "image/webp");
    private static final Pattern DATA_URL = Pattern.compile("data:([a-z]+/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)");
    private static final Pattern VIDEO_PATH = Pattern.compile("/v1/videos/([A-Za-z0-9_-]+)(/content)?");

    /** One request as received. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body, JsonNode json,
            List<Part> parts, long receivedNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public List<Part> parts(String name) {
            return parts.stream().filter(p -> p.name().equals(name)).toList();
        }

        public Optional<Part> part(String name) {
            return parts(name).stream().findFirst();
        }

        public List<String> partNames() {
            return parts.stream().map(Part::name).toList();
        }
    }

    /** A canned answer for one of the next requests. */
    private record Canned(int status, String retryAfter, String body, String contentType) {
    }

    private static final class Job {
        final String id;
        final String model;
        final String size;
        final String seconds;
        int polls;
        String status = "queued";
        int progress;

        Job(String id, String model, String size, String seconds) {
            this.id = id;
            this.model = model;
            this.size = size;
            this.seconds = seconds;
        }
    }

    /** How an image answer carries the image. */
    public enum ImageDelivery {
        B64_JSON, HTTP_URL, HTTPS_LOOPBACK_URL
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Deque<Canned> canned = new ConcurrentLinkedDeque<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private volatile String answer;
    private volatile int[] videoSteps = {30, 70, 100};
    private volatile String videoFailure;
    private volatile Long pollAfterMs;
    private volatile ImageDelivery imageDelivery = ImageDelivery.B64_JSON;
    private volatile String videoRedirectScheme;
    private volatile int outputBytes;
    private volatile Consumer<Integer> onVideoPoll = polls -> { };

    private OpenAiEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static OpenAiEmulator start() throws IOException {
        return new OpenAiEmulator();
    }

    /** The API base, like {@code https://api.openai.com/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to {@code method path}, in order. */
    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** The one request to {@code method path}; fails if there was not exactly one. */
    public Request only(String method, String path) {
        List<Request> found = requests(method, path);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + method + " " + path + ", got " + found.size() + " of "
                    + requests.stream().map(r -> r.method() + " " + r.path()).toList());
        }
        return found.get(0);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    // ---- knobs ----

    /** The next {@code n} requests get {@code status} with OpenAI's error body (and Retry-After when not null). */
    public OpenAiEmulator failNext(int n, int status, String retryAfter, String message) {
        for (int i = 0; i < n; i++) {
            canned.add(new Canned(status, retryAfter, errorBody(message, status == 429 ? "rate_limit_exceeded"
                    : status >= 500 ? "server_error" : "invalid_request_error"), "application/json"));
        }
        return this;
    }

    /** The next request gets 200 with a body that is not JSON. */
    public OpenAiEmulator malformedNext() {
        canned.add(new Canned(200, null, "{\"data\": [ oops", "application/json"));
        return this;
    }

    /** What responses and chat completions answer (default: {@code echo: <prompt>}). */
    public OpenAiEmulator answer(String text) {
        this.answer = text;
        return this;
    }

    /** The progress each successive poll of a video reports; 100 completes it. */
    public OpenAiEmulator videoSteps(int... progress) {
        this.videoSteps = progress.clone();
        return this;
    }

    /** Videos fail at 100% with this error message instead of completing. */
    public OpenAiEmulator videoFailure(String message) {
        this.videoFailure = message;
        return this;
    }

    public OpenAiEmulator pollAfterMs(long ms) {
        this.pollAfterMs = ms;
        return this;
    }

    public OpenAiEmulator imageDelivery(ImageDelivery delivery) {
        this.imageDelivery = delivery;
        return this;
    }

    /** Video content answers with a redirect to this emulator's CDN path over {@code scheme} (http or https). */
    public OpenAiEmulator redirectVideoContent(String scheme) {
        this.videoRedirectScheme = scheme;
        return this;
    }

    /** Outputs (video content) are padded to this many bytes. */
    public OpenAiEmulator outputBytes(int bytes) {
        this.outputBytes = bytes;
        return this;
    }

    /** Called (on the server thread) with the poll count each time a video is polled. */
    public OpenAiEmulator onVideoPoll(Consumer<Integer> hook) {
        this.onVideoPoll = hook;
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long received = System.nanoTime();
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String type = headers.getOrDefault("content-type", "");
            JsonNode json = null;
            List<Part> parts = List.of();
            String problem = null;
            if (type.startsWith("application/json")) {
                try {
                    json = Json.MAPPER.readTree(body);
                } catch (IOException e) {
                    problem = "We could not parse the JSON body of your request.";
                }
            } else if (type.startsWith("multipart/form-data")) {
                try {
                    parts = MultipartParser.parse(type, body);
                } catch (IllegalArgumentException e) {
                    problem = "Malformed multipart body: " + e.getMessage();
                }
            }
            String path = ex.getRequestURI().getPath();
            Request r = new Request(ex.getRequestMethod(), path, ex.getRequestURI().getQuery(), Map.copyOf(headers),
                    body, json, parts, received);
            requests.add(r);
            if (problem != null) {
                reject(ex, problem);
                return;
            }
            Canned next = canned.poll();
            if (next != null) {
                if (next.retryAfter() != null) {
                    ex.getResponseHeaders().set("Retry-After", next.retryAfter());
                }
                send(ex, next.status(), next.contentType(), next.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            route(ex, r);
        } catch (RuntimeException e) {
            violations.add("emulator error: " + e);
            send(ex, 500, "application/json", errorBody("emulator error: " + e, "server_error")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private void route(HttpExchange ex, Request r) throws IOException {
        String key = r.method() + " " + r.path();
        if (r.path().startsWith("/files/")) {
            byte[] data = files.get(r.path().substring("/files/".length()));
            send(ex, data == null ? 404 : 200, "image/png", data == null ? new byte[0] : data);
            return;
        }
        if (r.path().startsWith("/cdn/")) {
            send(ex, 200, "video/mp4", mp4());
            return;
        }
        if (!key.equals("POST /v1/chat/completions") && !("Bearer " + KEY).equals(r.header("Authorization"))) {
            send(ex, 401, "application/json", errorBody("Incorrect API key provided.", "invalid_request_error",
                    "invalid_api_key").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher video = VIDEO_PATH.matcher(r.path());
        switch (key) {
            case "POST /v1/images/generations" -> imagesGenerations(ex, r);
            case "POST /v1/images/edits" -> imagesEdits(ex, r);
            case "POST /v1/responses" -> responses(ex, r);
            case "POST /v1/chat/completions" -> chatCompletions(ex, r);
            case "POST /v1/videos" -> createVideo(ex, r);
            default -> {
                if (video.matches() && r.method().equals("GET") && video.group(2) == null) {
                    pollVideo(ex, video.group(1));
                } else if (video.matches() && r.method().equals("GET")) {
                    videoContent(ex, r, video.group(1));
                } else if (video.matches() && r.method().equals("DELETE") && video.group(2) == null) {
                    jobs.remove(video.group(1));
                    json(ex, 200, Json.MAPPER.createObjectNode().put("id", video.group(1))
                            .put("object", "video.deleted").put("deleted", true));
                } else {
                    send(ex, 404, "application/json", errorBody("Invalid URL (" + key + ")", "invalid_request_error")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    // ---- images ----

    private void imagesGenerations(HttpExchange ex, Request r) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode j = requireJson(r, problems);
        if (j != null) {
            unknownFields(j, Set.of("model", "prompt", "size", "quality", "n", "background", "moderation",
                    "output_format", "output_compression", "partial_images", "stream", "user"), problems);
            checkImageFields(j.path("model").asText(null), j.path("prompt").asText(null), j.path("size").asText(null),
                    j.path("quality").asText(null), problems);
            if (j.has("n") && (!j.path("n").isInt() || j.path("n").asInt() < 1 || j.path("n").asInt() > 10)) {
                problems.add("'n' must be an integer between 1 and 10");
            }
        }
        if (!problems.isEmpty()) {
            reject(ex, String.join("; ", problems));
            return;
        }
        imageAnswer(ex, j.path("size").asText("auto"));
    }

    private void imagesEdits(HttpExchange ex, Request r) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!r.header("Content-Type").startsWith("multipart/form-data")) {
            reject(ex, "images/edits takes multipart/form-data");
            return;
        }
        Set<String> allowed = Set.of("model", "prompt", "size", "quality", "n", "background", "input_fidelity",
                "output_format", "output_compression", "user", "image", "image[]", "mask");
        for (Part p : r.parts()) {
            if (!allowed.contains(p.name())) {
                problems.add("Unknown parameter: '" + p.name() + "'.");
            }
        }
        Map<String, String> text = new HashMap<>();
        for (String name : List.of("model", "prompt", "size", "quality")) {
            r.part(name).ifPresent(p -> {
                if (p.filename() != null) {
                    problems.add("'" + name + "' must be a text field, not a file");
                }
                text.put(name, p.text());
            });
        }
        checkImageFields(text.get("model"), text.get("prompt"), text.get("size"), text.get("quality"), problems);
        List<Part> images = new ArrayList<>(r.parts("image[]"));
        images.addAll(r.parts("image"));
        if (!r.parts("image").isEmpty() && !r.parts("image[]").isEmpty()) {
            problems.add("send either 'image' or 'image[]', not both");
        }
        if (images.isEmpty() || images.size() > 16) {
            problems.add("'image' must hold 1 to 16 images, got " + images.size());
        }
        BufferedImage first = null;
        for (Part p : images) {
            BufferedImage img = upload(p, problems);
            first = first == null ? img : first;
        }
        List<Part> masks = r.parts("mask");
        if (masks.size() > 1) {
            problems.add("only one 'mask' is allowed");
        }
        if (masks.size() == 1) {
            Part m = masks.get(0);
            BufferedImage mask = upload(m, problems);
            if (!"image/png".equals(m.contentType()) || MediaProbe.detect(m.data()).orElse(null) != MediaFormat.PNG) {
                problems.add("'mask' must be a PNG file");
            } else if (mask != null && !mask.getColorModel().hasAlpha()) {
                problems.add("'mask' must have an alpha channel");
            }
            if (mask != null && first != null
                    && (mask.getWidth() != first.getWidth() || mask.getHeight() != first.getHeight())) {
                problems.add("'mask' must have the same dimensions as the first image");
            }
        }
        if (!problems.isEmpty()) {
            reject(ex, String.join("; ", problems));
            return;
        }
        imageAnswer(ex, text.getOrDefault("size", "auto"));
    }

    private static void checkImageFields(String model, String prompt, String size, String quality,
            List<String> problems) {
        if (model == null || !IMAGE_MODELS.contains(model)) {
            problems.add("Invalid value for 'model': " + model + " (a GPT image model)");
        }
        if (prompt == null || prompt.isBlank()) {
            problems.add("Missing required parameter: 'prompt'.");
        }
        if (size != null && !IMAGE_SIZES.contains(size)) {
            problems.add("Invalid value for 'size': " + size);
        }
        if (quality != null && !IMAGE_QUALITIES.contains(quality)) {
            problems.add("Invalid value for 'quality': " + quality);
        }
    }

    private static BufferedImage upload(Part p, List<String> problems) {
        if (p.filename() == null || p.contentType() == null || !UPLOAD_TYPES.contains(p.contentType())) {
            problems.add("'" + p.name() + "' must be a png, jpeg or webp file, got " + p.contentType());
            return null;
        }
        MediaFormat sniffed = MediaProbe.detect(p.data()).orElse(null);
        if (sniffed == null || !sniffed.isImage() || !mime(sniffed).equals(p.contentType())) {
            problems.add("'" + p.name() + "' is labelled " + p.contentType() + " but holds " + sniffed);
            return null;
        }
        try {
            return p.image();
        } catch (IOException e) {
            problems.add("'" + p.name() + "' cannot be decoded");
            return null;
        }
    }

    private void imageAnswer(HttpExchange ex, String size) throws IOException {
        String s = size.equals("auto") ? "1024x1024" : size;
        int x = s.indexOf('x');
        byte[] png = png(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)));
        if (outputBytes > 0) {
            png = java.util.Arrays.copyOf(png, Math.max(png.length, outputBytes));
        }
        ObjectNode n = Json.MAPPER.createObjectNode().put("created", System.currentTimeMillis() / 1000);
        ObjectNode item = n.putArray("data").addObject();
        switch (imageDelivery) {
            case B64_JSON -> item.put("b64_json", Base64.getEncoder().encodeToString(png));
            case HTTP_URL, HTTPS_LOOPBACK_URL -> {
                String name = "img-" + ids.incrementAndGet() + ".png";
                files.put(name, png);
                String scheme = imageDelivery == ImageDelivery.HTTP_URL ? "http" : "https";
                item.put("url", scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name);
            }
        }
        n.put("output_format", "png").put("size", s).put("quality", "high");
        n.putObject("usage").put("input_tokens", 10).put("output_tokens", 100).put("total_tokens", 110);
        json(ex, 200, n);
    }

    // ---- responses and chat completions ----

    private void responses(HttpExchange ex, Request r) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode j = requireJson(r, problems);
        String prompt = "";
        int images = 0;
        if (j != null) {
            unknownFields(j, Set.of("model", "input", "instructions", "max_output_tokens", "reasoning", "text",
                    "temperature", "top_p", "store", "metadata", "previous_response_id", "tools", "tool_choice",
                    "user", "stream", "truncation", "include", "parallel_tool_calls", "service_tier", "background",
                    "safety_identifier", "prompt_cache_key"), problems);
            if (!RESPONSE_MODELS.contains(j.path("model").asText())) {
                problems.add("The model '" + j.path("model").asText() + "' does not exist or you do not have access");
            }
            if (j.has("instructions") && (!j.path("instructions").isTextual()
                    || j.path("instructions").asText().isBlank())) {
                problems.add("'instructions' must be a non-empty string when given");
            }
            JsonNode input = j.path("input");
            if (!input.isArray() || input.isEmpty()) {
                problems.add("'input' must be a non-empty array of messages");
            }
            for (JsonNode message : input) {
                if (!message.path("role").asText().equals("user") || !message.path("content").isArray()) {
                    problems.add("each input message needs role 'user' and a content array");
                    continue;
                }
                for (JsonNode c : message.path("content")) {
                    switch (c.path("type").asText()) {
                        case "input_text" -> {
                            if (!c.path("text").isTextual()) {
                                problems.add("input_text needs 'text'");
                            }
                            prompt = c.path("text").asText();
                        }
                        case "input_image" -> {
                            images++;
                            dataUrl(c.path("image_url").asText(null), Set.of("image/png", "image/jpeg", "image/webp",
                                    "image/gif"), "input_image.image_url", problems);
                        }
                        default -> problems.add("Invalid content type '" + c.path("type").asText() + "'");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            reject(ex, String.join("; ", problems));
            return;
        }
        String model = j.path("model").asText();
        String text = answer != null ? answer : "echo: " + prompt + " (" + images + " images)";
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", "resp_" + ids.incrementAndGet())
                .put("object", "response").put("status", "completed").put("model", model);
        ArrayNode output = n.putArray("output");
        if (model.startsWith("gpt-5")) {
            output.addObject().put("type", "reasoning").put("id", "rs_1").putArray("summary");
        }
        ObjectNode message = output.addObject().put("type", "message").put("id", "msg_1").put("status", "completed")
                .put("role", "assistant");
        ArrayNode content = message.putArray("content");
        int half = text.length() / 2;
        // why: an answer may come in several output_text parts; the client must join them all
        content.addObject().put("type", "output_text").put("text", text.substring(0, half)).putArray("annotations");
        content.addObject().put("type", "output_text").put("text", text.substring(half)).putArray("annotations");
        json(ex, 200, n);
    }

    private void chatCompletions(HttpExchange ex, Request r) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode j = requireJson(r, problems);
        String prompt = "";
        int images = 0;
        int videos = 0;
        if (j != null) {
            unknownFields(j, Set.of("model", "messages", "max_tokens", "max_completion_tokens", "temperature",
                    "top_p", "stream", "seed", "stop"), problems);
            if (!j.path("model").isTextual() || j.path("model").asText().isBlank()) {
                problems.add("'model' is required");
            }
            if (j.has("max_tokens") && (!j.path("max_tokens").isInt() || j.path("max_tokens").asInt() < 1)) {
                problems.add("'max_tokens' must be a positive integer");
            }
            JsonNode messages = j.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                problems.add("'messages' must be a non-empty array");
            }
            for (JsonNode m : messages) {
                String role = m.path("role").asText();
                if (role.equals("system")) {
                    if (!m.path("content").isTextual() || m.path("content").asText().isBlank()) {
                        problems.add("a system message needs text content");
                    }
                    continue;
                }
                if (!role.equals("user") || !m.path("content").isArray()) {
                    problems.add("messages must be system or user with a content array");
                    continue;
                }
                for (JsonNode c : m.path("content")) {
                    switch (c.path("type").asText()) {
                        case "text" -> prompt = c.path("text").asText();
                        case "image_url" -> {
                            images++;
                            dataUrl(c.path("image_url").path("url").asText(null), Set.of("image/png", "image/jpeg",
                                    "image/webp"), "image_url.url", problems);
                        }
                        case "video_url" -> {
                            videos++;
                            dataUrl(c.path("video_url").path("url").asText(null), Set.of("video/mp4",
                                    "video/quicktime"), "video_url.url", problems);
                        }
                        default -> problems.add("Unknown content part type '" + c.path("type").asText() + "'");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            reject(ex, String.join("; ", problems));
            return;
        }
        String text = answer != null ? answer
                : "echo: " + prompt + " (" + images + " images, " + videos + " videos)";
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", "chatcmpl-" + ids.incrementAndGet())
                .put("object", "chat.completion").put("model", j.path("model").asText());
        n.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
                .put("role", "assistant").put("content", text);
        json(ex, 200, n);
    }

    /** Checks a data URL: allowed MIME type, valid base64, and bytes that really are of the declared type. */
    private static void dataUrl(String url, Set<String> allowed, String field, List<String> problems) {
        Matcher m = url == null ? null : DATA_URL.matcher(url);
        if (m == null || !m.matches()) {
            problems.add("'" + field + "' must be a base64 data URL");
            return;
        }
        if (!allowed.contains(m.group(1))) {
            problems.add("'" + field + "' has unsupported MIME type " + m.group(1));
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            problems.add("'" + field + "' is not valid base64");
            return;
        }
        MediaFormat sniffed = MediaProbe.detect(bytes).orElse(null);
        if (sniffed == null || !mime(sniffed).equals(m.group(1))) {
            problems.add("'" + field + "' is labelled " + m.group(1) + " but holds " + sniffed);
        }
    }

    // ---- videos ----

    private void createVideo(HttpExchange ex, Request r) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!r.header("Content-Type").startsWith("multipart/form-data")) {
            reject(ex, "this emulator checks the multipart form of POST /videos");
            return;
        }
        for (Part p : r.parts()) {
            if (!Set.of("prompt", "model", "seconds", "size", "input_reference").contains(p.name())) {
                problems.add("Unknown parameter: '" + p.name() + "'.");
            }
        }
        String prompt = r.part("prompt").map(Part::text).orElse(null);
        String model = r.part("model").map(Part::text).orElse("sora-2");
        String seconds = r.part("seconds").map(Part::text).orElse("4");
        String size = r.part("size").map(Part::text).orElse("720x1280");
        if (prompt == null || prompt.isBlank()) {
            problems.add("Missing required parameter: 'prompt'.");
        }
        if (!Set.of("sora-2", "sora-2-pro").contains(model)) {
            problems.add("Invalid value for 'model': " + model);
        }
        if (!VIDEO_SECONDS.contains(seconds)) {
            problems.add("Invalid value for 'seconds': " + seconds);
        }
        if (!VIDEO_SIZES.contains(size)) {
            problems.add("Invalid value for 'size': " + size);
        }
        Optional<Part> reference = r.part("input_reference");
        if (reference.isPresent()) {
            BufferedImage img = upload(reference.get(), problems);
            if (img != null && !(img.getWidth() + "x" + img.getHeight()).equals(size)) {
                problems.add("Inpaint image must match the requested width and height (got " + img.getWidth() + "x"
                        + img.getHeight() + ", size " + size + ")");
            }
        }
        if (!problems.isEmpty()) {
            reject(ex, String.join("; ", problems));
            return;
        }
        Job job = new Job("video_" + Integer.toHexString(0x1000 + ids.incrementAndGet()), model, size, seconds);
        jobs.put(job.id, job);
        json(ex, 200, videoJson(job));
    }

    private void pollVideo(HttpExchange ex, String id) throws IOException {
        Job job = jobs.get(id);
        if (job == null) {
            send(ex, 404, "application/json", errorBody("Video " + id + " not found", "invalid_request_error",
                    "not_found").getBytes(StandardCharsets.UTF_8));
            return;
        }
        int polls;
        synchronized (job) {
            if (!job.status.equals("completed") && !job.status.equals("failed")) {
                int[] steps = videoSteps;
                job.progress = steps[Math.min(job.polls, steps.length - 1)];
                job.polls++;
                job.status = job.progress < 100 ? "in_progress" : videoFailure != null ? "failed" : "completed";
            }
            polls = job.polls;
        }
        onVideoPoll.accept(polls);
        if (pollAfterMs != null) {
            ex.getResponseHeaders().set("openai-poll-after-ms", String.valueOf(pollAfterMs));
        }
        json(ex, 200, videoJson(job));
    }

    private void videoContent(HttpExchange ex, Request r, String id) throws IOException {
        Job job = jobs.get(id);
        if (job == null || !job.status.equals("completed")) {
            send(ex, job == null ? 404 : 400, "application/json", errorBody("Video " + id + " is not ready",
                    "invalid_request_error").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (r.query() != null && !r.query().equals("variant=video")) {
            reject(ex, "Invalid value for 'variant': " + r.query());
            return;
        }
        if (videoRedirectScheme != null) {
            ex.getResponseHeaders().set("Location", videoRedirectScheme + "://127.0.0.1:"
                    + server.getAddress().getPort() + "/cdn/" + id + ".mp4");
            send(ex, 302, "text/plain", new byte[0]);
            return;
        }
        send(ex, 200, "video/mp4", mp4());
    }

    private ObjectNode videoJson(Job job) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", job.id).put("object", "video").put("model", job.model)
                .put("status", job.status).put("progress", job.progress).put("created_at", 1_700_000_000L)
                .put("size", job.size).put("seconds", job.seconds);
        if (job.status.equals("failed")) {
            n.putObject("error").put("code", "moderation_blocked").put("message", videoFailure);
        } else {
            n.putNull("error");
        }
        return n;
    }

    /** A minimal MP4: an {@code ftyp} box and an {@code mdat} box, padded to {@link #outputBytes}. */
    public byte[] mp4() {
        byte[] head = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p',
            '4', '1', 0, 0, 0, 8, 'm', 'd', 'a', 't'};
        return java.util.Arrays.copyOf(head, Math.max(head.length + 64, outputBytes));
    }

    // ---- helpers ----

    private static JsonNode requireJson(Request r, List<String> problems) {
        if (r.json() == null || !r.json().isObject()) {
            problems.add("this endpoint takes a JSON object (Content-Type: application/json)");
            return null;
        }
        return r.json();
    }

    private static void unknownFields(JsonNode j, Set<String> allowed, List<String> problems) {
        for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                problems.add("Unknown parameter: '" + f + "'.");
            }
        }
    }

    public static String mime(MediaFormat f) {
        return switch (f) {
            case PNG -> "image/png";
            case JPEG -> "image/jpeg";
            case WEBP -> "image/webp";
            case TIFF -> "image/tiff";
            case EXR -> "image/x-exr";
            case MP4 -> "video/mp4";
            case MOV -> "video/quicktime";
        };
    }

    /** A solid PNG of the given size. */
    public static byte[] png(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return Images.png(img);
    }

    private void reject(HttpExchange ex, String message) throws IOException {
        violations.add(message);
        send(ex, 400, "application/json", errorBody(message, "invalid_request_error")
                .getBytes(StandardCharsets.UTF_8));
    }

    public static String errorBody(String message, String type) {
        return errorBody(message, type, null);
    }

    public static String errorBody(String message, String type, String code) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode e = n.putObject("error").put("message", message).put("type", type);
        e.putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return n.toString();
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        ex.getResponseHeaders().set("x-request-id", "req_test");
        send(ex, status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
