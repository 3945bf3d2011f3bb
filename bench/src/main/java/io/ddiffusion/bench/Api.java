package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few API calls the scenarios make. Load goes through {@link RawHttp} (cheap keep-alive connections, one per
 * thread); the admin call and the reference download of a file use java.net.http.HttpClient.
 */
final class Api implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;
    private final RawHttp raw;
    private volatile String key;

    Api(URI base) {
        this.base = base;
        this.raw = new RawHttp(base);
    }

    /** Creates a user key with the admin key and uses it from now on. */
    void createKey(String adminKey, String name) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/admin/keys?name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + adminKey)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new HttpStatusException("create key", r.statusCode(), r.body());
        }
        key = JSON.readTree(r.body()).get("api_key").asText();
    }

    /** A pre-encoded authenticated POST of a JSON body, to send many times. */
    byte[] post(String path, byte[] body) {
        return raw.request("POST", path, key, body);
    }

    /** A pre-encoded authenticated POST of a file body ({@code POST /api/uploads}). */
    byte[] postFile(String path, String contentType, byte[] body) {
        return raw.request("POST", path, key, contentType, body);
    }

    /** A pre-encoded authenticated GET. */
    byte[] get(String path) {
        return raw.request("GET", path, key, null);
    }

    /** A pre-encoded GET without a key (signed file URLs). */
    byte[] getUnauthenticated(URI url) {
        return raw.request("GET", url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()),
                null, null);
    }

    /** Sends a pre-encoded request; fails unless the answer has the expected status. */
    RawHttp.Response send(byte[] request, int expected) throws IOException {
        RawHttp.Response r = raw.send(request);
        if (r.status() != expected) {
            String line = new String(request, 0, Math.min(request.length, 80), StandardCharsets.US_ASCII);
            throw new HttpStatusException(line.substring(0, Math.max(0, line.indexOf(" HTTP/1.1"))), r.status(),
                    r.text());
        }
        return r;
    }

    /** Submits a task; returns its id. */
    String submit(String path, byte[] body) throws IOException {
        return JSON.readTree(send(post(path, body), 202).body()).get("id").asText();
    }

    /** Submits a pre-encoded task request; returns its id. */
    String submit(byte[] request) throws IOException {
        return JSON.readTree(send(request, 202).body()).get("id").asText();
    }

    /** GETs an authenticated JSON route. */
    JsonNode read(String path) throws IOException {
        return JSON.readTree(send(get(path), 200).body());
    }

    /** Downloads a URL with java.net.http.HttpClient (the reference client), into memory. */
    byte[] fetch(URI url) throws IOException, InterruptedException {
        return download(url).body();
    }

    /** Like {@link #fetch}, with the answer's headers. */
    HttpResponse<byte[]> download(URI url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new HttpStatusException("GET file", r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r;
    }

    /** Closes the load connections (the threads that used them are done); the next call opens a fresh one. */
    void closeConnections() {
        raw.close();
    }

    @Override
    public void close() {
        raw.close();
        http.close();
    }
}
