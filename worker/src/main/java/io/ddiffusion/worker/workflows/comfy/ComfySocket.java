package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code /ws?clientId=…} connection: ComfyUI's JSON text frames ({@code {type, data}}) go to a queue the run
 * reads; binary frames (previews) are dropped; a close or an error puts {@link Event#closed()} there. Only ComfyUI's
 * own frames count as signs of life, not pongs: ComfyUI can stop routing a client's events to a socket that is
 * still open (when an older socket of the same client id ends), and only events prove they still arrive.
 */
public final class ComfySocket implements AutoCloseable {
    /** A message from ComfyUI, or the end of the connection ({@code type} "closed"). */
    public record Event(String type, JsonNode data) {
        static Event closed() {
            return new Event("closed", com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        }

        public boolean isClosed() {
            return type.equals("closed");
        }

        /** The prompt the event is about; empty for events about no prompt. */
        public String promptId() {
            return data.path("prompt_id").asText("");
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Counted down by ComfyUI's first frame: it greets a socket only once it routes the client's events to it. */
    private final CountDownLatch greeted = new CountDownLatch(1);
    private volatile long lastSign = System.nanoTime();
    private volatile WebSocket socket;

    private ComfySocket() {
    }

    static ComfySocket open(HttpClient http, URI uri, Duration timeout) throws IOException, InterruptedException {
        ComfySocket s = new ComfySocket();
        try {
            s.socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, s.listener())
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot open " + uri + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("cannot open " + uri + ": no answer within " + timeout.toSeconds() + " s");
        }
        return s;
    }

    /**
     * Waits for ComfyUI's greeting (the {@code status} it sends a new socket). why: server.py answers the upgrade
     * first and only then registers the socket under its client id and greets it, so a prompt posted in between
     * would send its first events to no socket. True when greeted (or closed) within {@code timeout}.
     */
    public boolean awaitGreeting(Duration timeout) throws InterruptedException {
        return greeted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event, waiting at most {@code ms}; null when none came. */
    public Event poll(long ms) throws InterruptedException {
        return events.poll(ms, TimeUnit.MILLISECONDS);
    }

    /** Nanos since ComfyUI last sent a frame. */
    public long silentNanos() {
        return System.nanoTime() - lastSign;
    }

    /**
     * Sends a ping: a connection that died without a close (a cable, a crashed host) fails on the write and the
     * socket reports itself closed, instead of waiting for the operating system to notice.
     */
    public void probe() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendPing(ByteBuffer.allocate(0)).exceptionally(e -> {
                events.add(Event.closed());
                return ws;
            });
        }
    }

    /** Wakes a reader waiting in {@link #poll} (cancellation). */
    public void wake() {
        events.add(new Event("wake", com.fasterxml.jackson.databind.node.MissingNode.getInstance()));
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket ws) {
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                lastSign = System.nanoTime();
                text.append(data);
                if (last) {
                    JsonNode n = ComfyClient.parse(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    text.setLength(0);
                    if (n.path("type").isTextual()) {
                        events.add(new Event(n.path("type").asText(), n.path("data")));
                    }
                    greeted.countDown();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                lastSign = System.nanoTime();
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                ws.request(1); // the JDK answers with a pong itself
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                events.add(Event.closed());
                greeted.countDown();
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                events.add(Event.closed());
                greeted.countDown();
            }
        };
    }
}
