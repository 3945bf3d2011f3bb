package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A tiny emulator of Replicate's prediction API on 127.0.0.1 (plain JDK HttpServer, a virtual thread per exchange),
 * enough for the worker's real {@code ReplicateClient}:
 *
 * <pre>
 * POST /v1/models/{owner}/{name}/predictions → 201 {id, status: starting, urls}   (succeeded at once when latency 0)
 * GET  /v1/predictions/{id}                  → processing (logs " 50%|…") until latency has passed, then
 *                                              succeeded, output http://127.0.0.1:PORT/out/{id}.png
 * POST /v1/predictions/{id}/cancel           → canceled
 * GET  /out/{id}.png                         → a small valid PNG (image/png)
 * </pre>
 *
 * A prediction is "in flight" from its creation until the emulator first reports it finished (or it is cancelled);
 * the emulator keeps the current and maximum number. Requests without {@code Authorization: Bearer <token>}, or for
 * unknown ids, answer 401/404 and count as errors.
 */
final class ReplicateEmulator implements AutoCloseable {
    private static final Pattern CREATE = Pattern.compile("/v1/models/([^/]+)/([^/]+)/predictions");
    private static final Pattern GET = Pattern.compile("/v1/predictions/([^/]+)");
    private static final Pattern CANCEL = Pattern.compile("/v1/predictions/([^/]+)/cancel");
    private static final Pattern OUT = Pattern.compile("/out/([^/]+)\\.png");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String token;
    private final String base;
    private final byte[] png;
    private final Map<String, Prediction> predictions = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final LongAdder created = new LongAdder();
    private final LongAdder polls = new LongAdder();
    private final LongAdder downloads = new LongAdder();
    private final LongAdder cancels = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile long latencyNanos;

    private static final class Prediction {
        final String id;
        final String model;
        final long createdNanos = System.nanoTime();
        final Instant createdAt = Instant.now();
        volatile String status = "starting";

        Prediction(String id, String model) {
            this.id = id;
            this.model = model;
        }
    }

    ReplicateEmulator(int port, String token, Duration latency) throws IOException {
        this.token = token;
        this.latencyNanos = latency.toNanos();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
        this.png = png();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base URL for REPLICATE_BASE_URL. */
    String apiBase() {
        return base + "/v1";
    }

    /** How long a prediction stays processing; 0: the create call answers succeeded at once. */
    void latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    int inFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Starts a new measurement of the maximum (from the current number in flight). */
    void resetMax() {
        maxInFlight.set(inFlight.get());
    }

    String counters() {
        return "emulator: " + created.sum() + " created, " + polls.sum() + " polls, " + downloads.sum()
                + " downloads, " + cancels.sum() + " cancels, " + errors.sum() + " errors";
    }

    long errors() {
        return errors.sum();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x; InputStream in = x.getRequestBody()) {
            in.readAllBytes();
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            Matcher m;
            if (method.equals("GET") && (m = OUT.matcher(path)).matches()) {
                downloads.increment();
                x.getResponseHeaders().set("Content-Type", "image/png");
                x.sendResponseHeaders(200, png.length);
                x.getResponseBody().write(png);
                return;
            }
            if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                send(x, 401, error("Unauthenticated"));
                return;
            }
            if (method.equals("POST") && (m = CREATE.matcher(path)).matches()) {
                create(x, m.group(1) + "/" + m.group(2));
            } else if (method.equals("POST") && (m = CANCEL.matcher(path)).matches()) {
                cancel(x, m.group(1));
            } else if (method.equals("GET") && (m = GET.matcher(path)).matches()) {
                get(x, m.group(1));
            } else {
                send(x, 404, error("Not found"));
            }
        } catch (IOException | RuntimeException e) {
            errors.increment();
            throw e;
        }
    }

    private void create(HttpExchange x, String model) throws IOException {
        created.increment();
        Prediction p = new Prediction(UUID.randomUUID().toString().replace("-", "").substring(0, 26), model);
        predictions.put(p.id, p);
        if (latencyNanos <= 0) {
            p.status = "succeeded";
        } else {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }
        send(x, 201, json(p));
    }

    private void get(HttpExchange x, String id) throws IOException {
        polls.increment();
        Prediction p = predictions.get(id);
        if (p == null) {
            send(x, 404, error("Prediction not found"));
            return;
        }
        synchronized (p) {
            if (!isFinal(p.status)) {
                if (System.nanoTime() - p.createdNanos >= latencyNanos) {
                    p.status = "succeeded";
                    inFlight.decrementAndGet();
                } else {
                    p.status = "processing";
                }
            }
        }
        send(x, 200, json(p));
    }

    private void cancel(HttpExchange x, String id) throws IOException {
        cancels.increment();
        Prediction p = predictions.get(id);
        if (p == null) {
            send(x, 404, error("Prediction not found"));
            return;
        }
        synchronized (p) {
            if (!isFinal(p.status)) {
                p.status = "canceled";
                inFlight.decrementAndGet();
            }
        }
        send(x, 200, json(p));
    }

    private static boolean isFinal(String status) {
        return switch (status) {
            case "succeeded", "failed", "canceled" -> true;
            default -> false;
        };
    }

    private byte[] json(Prediction p) throws IOException {
        ObjectNode n = Api.JSON.createObjectNode();
        String status = p.status;
        n.put("id", p.id);
        n.put("model", p.model);
        n.put("version", "bench");
        n.putObject("input").put("prompt", "x");
        n.put("status", status);
        n.put("created_at", p.createdAt.toString());
        switch (status) {
            case "starting" -> n.put("logs", "");
            case "processing" -> n.put("logs", "Generating image\n 50%|█████     | 14/28 [00:05<00:05,  2.50it/s]\n");
            default -> n.put("logs", "Generating image\n 50%|█████     | 14/28 [00:05<00:05,  2.50it/s]\n"
                    + "100%|██████████| 28/28 [00:10<00:00,  2.50it/s]\n");
        }
        if (status.equals("succeeded")) {
            n.put("output", base + "/out/" + p.id + ".png");
            n.put("completed_at", Instant.now().toString());
        } else {
            n.putNull("output");
        }
        n.putNull("error");
        ObjectNode urls = n.putObject("urls");
        urls.put("get", base + "/v1/predictions/" + p.id);
        urls.put("cancel", base + "/v1/predictions/" + p.id + "/cancel");
        return Api.JSON.writeValueAsBytes(n);
    }

    private static byte[] error(String detail) {
        return ("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private void send(HttpExchange x, int status, byte[] body) throws IOException {
        if (status >= 400) {
            errors.increment();
        }
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }

    /** A 64×64 gradient PNG (a few hundred bytes). */
    private static byte[] png() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
