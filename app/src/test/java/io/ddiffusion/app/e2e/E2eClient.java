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
        this.app = app;
        this.adminKey = Files.readString(workDir.resolve("data/admin.key")).strip();
    }

    /** An API key made with the admin key (once per client). */
    String key() throws Exception {
        if (key == null) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                    + "/api/admin/keys?name=e2e")).header("Authorization", "Bearer " + adminKey)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            key = JSON.readTree(r.body()).get("api_key").asText();
        }
        return key;
    }

    /** Submits {@code body} to {@code /api/{domain}}, expecting 202; returns the task id. */
    String submit(String domain, Map<String, ?> body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/" + domain))
                .header("Authorization", "Bearer " + key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asText();
    }

    JsonNode task(String domain, String id) throws Exception {
        return get("/api/" + domain + "/" + id, key());
    }

    /** A GET with the admin key, e.g. {@code /api/admin/workers}. */
    JsonNode admin(String path) throws Exception {
        return get(path, adminKey);
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
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
