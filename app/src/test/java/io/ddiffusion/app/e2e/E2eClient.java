package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Talks to a running distribution over HTTP only, as a studio client would: keys, submits, polls, downloads. */
final class E2eClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final DistributionProcess app;
    private final String adminKey;
    private String key;

    /** {@code workDir} is the process' working directory, where the embedded default keeps data/admin.key. */
    E2eClient(DistributionProcess app, Path workDir) throws IOException {
        this(app, Files.readString(workDir.resolve("data/admin.key")).strip());
    }

    E2eClient(DistributionProcess app, String adminKey) {
        this.app = app;
        this.adminKey = adminKey;
    }

    /** The API key this client submits with: one made on first use, unless {@link #newKey} made one. */
    String key() throws Exception {
        if (key == null) {
            newKey("e2e");
        }
        return key;
    }

    /** Makes an API key named {@code name} with the admin key; the client submits with it from now on. */
    String newKey(String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                + "/api/admin/keys?name=" + name)).header("Authorization", "Bearer " + adminKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        key = JSON.readTree(r.body()).get("api_key").asText();
        return key;
    }

    /** Submits {@code body} to {@code /api/{domain}}, expecting 202; returns the task id. */
    String submit(String domain, Map<String, ?> body) throws Exception {
        HttpResponse<String> r = post(domain, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Posts {@code body} to {@code /api/{domain}} and returns the answer, whatever it is. */
    HttpResponse<String> post(String domain, Map<String, ?> body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/" + domain))
                .header("Authorization", "Bearer " + key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode task(String domain, String id) throws Exception {
        HttpResponse<String> r = get("/api/" + domain + "/" + id, key());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    String status(String domain, String id) throws Exception {
        return task(domain, id).get("status").asText();
    }

    /** Waits until the task is no longer waiting or running, and returns it. */
    JsonNode awaitFinished(String domain, String id, java.time.Duration timeout) throws Exception {
        org.awaitility.Awaitility.await().atMost(timeout).until(() -> !status(domain, id)
                .matches("PENDING|RECEIVED|STARTED"));
        return task(domain, id);
    }

    /** A GET with the admin key, e.g. {@code /api/admin/workers}. */
    JsonNode admin(String path) throws Exception {
        return JSON.readTree(get(path, adminKey).body());
    }

    /** A GET of {@code path} with {@code token}. */
    HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String domain, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/" + domain + "/" + id))
                .header("Authorization", "Bearer " + key()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Downloads a signed output URL. */
    HttpResponse<byte[]> download(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
