package io.ddiffusion.app.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client for tests, as the WHATWG spec reads a stream: fields per line, an event per blank line,
 * comments kept apart (heartbeats), an event cut off by the end of the stream dropped. Lines are read on a virtual
 * thread; {@link #next} waits for the next event or the end.
 */
public final class SseClient implements AutoCloseable {
    /** One event; {@code id} null when it carried none. */
    public record Event(String id, String name, String data) {
    }

    /** Marks the end of the stream in the queue. */
    private static final Event END = new Event(null, null, null);

    private final HttpClient http;
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean ended;

    private SseClient(HttpClient http, HttpResponse<InputStream> response) {
        this.http = http;
        this.response = response;
        if (response.statusCode() == 200) {
            Thread.ofVirtual().start(this::read);
        }
    }

    /** GET {@code url} with the token and, unless null, a Last-Event-ID. */
    public static SseClient open(String url, String token, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new SseClient(http, http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of an answer that is not a stream (an error). */
    public String body() throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The next event, or null when the stream ended; fails when none came within {@code wait}. */
    public Event next(Duration wait) throws InterruptedException {
        Event e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + wait + " (comments so far: " + comments + ")");
        }
        if (e == END) {
            events.add(END);
            return null;
        }
        return e;
    }

    /** Every event until the stream ends. */
    public List<Event> untilEnd(Duration wait) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        for (Event e = next(wait); e != null; e = next(wait)) {
            all.add(e);
        }
        return all;
    }

    /** Events up to and including the first named {@code name}. */
    public List<Event> until(String name, Duration wait) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        Event e;
        do {
            e = next(wait);
            if (e == null) {
                throw new AssertionError("the stream ended before a '" + name + "' event; got " + all);
            }
            all.add(e);
        } while (!name.equals(e.name()));
        return all;
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    public boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            parse(in, events::add, comments::add);
        } catch (IOException e) {
            // the connection broke: the stream ended
        } finally {
            ended = true;
            events.add(END);
        }
    }

    /** Reads events from {@code in} until it ends; an event not closed by a blank line is dropped. */
    static void parse(BufferedReader in, java.util.function.Consumer<Event> onEvent,
            java.util.function.Consumer<String> onComment) throws IOException {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    onEvent.accept(new Event(id, name == null ? "message" : name, data.toString()));
                }
                id = null;
                name = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                onComment.accept(line.substring(1).trim());
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing a test client
        }
        http.shutdownNow();
    }
}
