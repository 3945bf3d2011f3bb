package io.ddiffusion.app.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that records every POST and answers what the test queued (200 once the queue is
 * empty). {@link #verify} checks a message's signature as a receiver following the Standard Webhooks specification
 * would, written here apart from the server's signer.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One POST as it arrived: lower-cased header names. */
    public record Received(Map<String, String> headers, byte[] body, Instant at) {
        public String header(String name) {
            return headers.get(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Integer> answers = new ConcurrentLinkedDeque<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", v)));
            headers.put(":method", exchange.getRequestMethod());
            headers.put(":path", exchange.getRequestURI().toString());
            received.add(new Received(headers, body, Instant.now()));
            Integer status = answers.pollFirst();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next POSTs get these statuses, in order. */
    public void answer(Integer... statuses) {
        answers.addAll(List.of(statuses));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> forPath(String path) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.header(":path").equals(path)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether {@code r} carries a valid {@code v1} signature of its id, timestamp and body under {@code secret}. */
    public static boolean verify(String secret, Received r) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = r.header("webhook-id") + "." + r.header("webhook-timestamp") + "." + r.bodyText();
        byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        for (String candidate : r.header("webhook-signature").split(" ")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(Base64.getDecoder().decode(candidate.substring(3)), expected)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
