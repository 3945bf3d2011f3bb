package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A property over every route: whatever request {@link FuzzCases} generates from the served OpenAPI document and the
 * MCP tools (valid-ish and mutated), the API never answers 5xx, and every 4xx carries our error body — {@code
 * {"detail": ...}} on REST, a JSON-RPC error on {@code /mcp}. Accepted tasks and keys are removed again at once, so
 * the backlog never fills and later cases still reach validation.
 *
 * <p>{@code -Dfuzz.cases=100000} runs more cases (2,000 by default), {@code -Dfuzz.seed=N} a given seed (random by
 * default, printed), {@code -Dfuzz.case=I} only case {@code I} of that seed: a failure names seed and case, so it
 * is reproduced alone.
 */
@QuarkusTest
class ApiFuzzTest {
    static final int MAX_FAILURES = 5;

    @TestHTTPResource("/")
    URL url;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void noRequestGetsA5xxAndEvery4xxHasOurErrorBody() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        int cases = Integer.getInteger("fuzz.cases", 2_000);
        Integer only = Integer.getInteger("fuzz.case");
        String userKey = Api.newToken("fuzz");
        JsonNode document = json.readTree(get("/openapi.json"));
        FuzzCases generator = new FuzzCases(document, tools(userKey), userKey, Api.ADMIN_KEY);
        assertThat(generator.operations).as("operations in /openapi.json").hasSizeGreaterThan(15);
        System.out.printf("API fuzz: %d cases, seed %d, %d operations and /mcp%n", cases, seed,
                generator.operations.size());

        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        String previous = "none";
        for (int i = only == null ? 0 : only; i < (only == null ? cases : only + 1); i++) {
            FuzzCases.Request request = generator.next(new Random(seed * 1_000_003L + i));
            HttpResponse<byte[]> response;
            try {
                response = sendRetryingAClosedConnection(request);
            } catch (java.io.IOException e) {
                // why: a connection the server closed shows on the next request sent on it
                failures.add(describe(seed, i, request, -1, "no answer: " + e + "; the request before: "
                        + previous));
                previous = "none";
                continue;
            }
            previous = "case " + i + ", " + request.what() + " → " + response.statusCode() + " "
                    + response.headers().firstValue("Connection").orElse("");
            statuses.merge(response.statusCode() / 100 + "xx " + response.statusCode(), 1, Integer::sum);
            String problem = problem(request, response);
            if (problem != null) {
                failures.add(describe(seed, i, request, response.statusCode(), problem + "; body: "
                        + clip(new String(response.body(), StandardCharsets.UTF_8), 600)));
                if (failures.size() >= MAX_FAILURES) {
                    break;
                }
            }
            cleanUp(request, response, userKey);
        }
        System.out.printf("API fuzz: %s in %.1f s%n", statuses, (System.nanoTime() - start) / 1e9);
        assertThat(failures).as("failures (seed %d)", seed).isEmpty();
    }

    /** What is wrong with the answer, or null. */
    String problem(FuzzCases.Request request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "a " + status;
        }
        if (status < 400) {
            return null;
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (text.contains("\tat ") || text.contains("Exception:")) {
            return "a stack trace or exception text in the body";
        }
        if ((status == 414 || status == 431) && text.isEmpty()) {
            return null; // refused by Vert.x' HTTP decoder before any handler (an over-long URI or headers)
        }
        JsonNode body;
        try {
            body = json.readTree(text);
        } catch (Exception e) {
            return "a " + status + " whose body is not JSON";
        }
        if (request.uri().startsWith("/mcp")) {
            JsonNode error = body.path("error");
            return body.path("jsonrpc").asText().equals("2.0") && body.has("id") && error.path("code").isInt()
                    && error.path("message").isTextual() ? null : "a " + status + " that is not a JSON-RPC error";
        }
        JsonNode detail = body.path("detail");
        if (detail.isTextual() && !detail.asText().isEmpty()) {
            return null;
        }
        if (detail.isArray() && !detail.isEmpty()) {
            for (JsonNode problem : detail) {
                if (!problem.path("loc").isArray() || !problem.path("msg").isTextual()
                        || !problem.path("type").isTextual()) {
                    return "a " + status + " with a malformed validation detail";
                }
            }
            return null;
        }
        return "a " + status + " without our error body {\"detail\": ...}";
    }

    /** Cancels accepted tasks and deletes created keys, so that the backlog and the key store stay as they were. */
    void cleanUp(FuzzCases.Request request, HttpResponse<byte[]> response, String userKey) {
        if (response.statusCode() >= 300) {
            return;
        }
        try {
            JsonNode body = json.readTree(response.body());
            String uri = request.uri();
            if (request.method().equals("POST") && uri.matches("/api/(images|texts|videos|workflows)")
                    && body.has("id")) {
                Api.cancelQuietly(userKey, uri.substring(5), body.get("id").asText());
            } else if (request.method().equals("POST") && uri.startsWith("/api/admin/keys") && body.has("key_id")) {
                Api.admin().delete("/api/admin/keys/" + body.get("key_id").asText());
            } else if (uri.equals("/mcp") && body.path("result").path("structuredContent").has("status")
                    && request.what().contains("tools/call")) {
                String id = body.path("result").path("structuredContent").path("id").asText();
                for (String domain : List.of("images", "texts", "videos", "workflows")) {
                    Api.cancelQuietly(userKey, domain, id);
                }
            }
        } catch (Exception e) {
            // not JSON (an event stream, a file): nothing was created
        }
    }

    /**
     * Sends {@code request}, once more if the pooled connection it went out on had been closed: Vert.x closes the
     * connection after refusing a request in its HTTP decoder (414, 431) without saying {@code Connection: close},
     * and the JDK client retries only GET on a connection found closed. A request the server itself drops fails twice.
     */
    HttpResponse<byte[]> sendRetryingAClosedConnection(FuzzCases.Request request) throws java.io.IOException,
            InterruptedException {
        try {
            return send(request);
        } catch (java.io.IOException e) {
            return send(request);
        }
    }

    HttpResponse<byte[]> send(FuzzCases.Request request) throws java.io.IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + request.uri()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        // why: the JDK client sends only visible ASCII and tabs in header values
        request.headers().forEach((name, value) -> builder.header(name, value.replaceAll("[^\\t\\x20-\\x7e]",
                "?")));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String base() {
        return "http://127.0.0.1:" + url.getPort();
    }

    String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The input schema of each MCP tool, by name. */
    Map<String, JsonNode> tools(String userKey) throws Exception {
        String list = Mcp.post(userKey).body(Mcp.request("tools/list", Map.of())).post(Mcp.PATH).asString();
        Map<String, JsonNode> tools = new LinkedHashMap<>();
        json.readTree(list).path("result").path("tools").forEach(t -> tools.put(t.path("name").asText(),
                t.path("inputSchema")));
        assertThat(tools).hasSize(McpToolsTest.TOOLS.size());
        return tools;
    }

    static String describe(long seed, int index, FuzzCases.Request request, int status, String problem) {
        return String.format("case %d of seed %d (-Dfuzz.seed=%d -Dfuzz.case=%d): %s%n  %s %s%n  headers %s%n  "
                + "body %s%n  → %d: %s", index, seed, seed, index, request.what(), request.method(),
                clip(request.uri(), 300), request.headers(), request.body() == null ? "none"
                        : clip(new String(request.body(), StandardCharsets.UTF_8), 600), status, problem);
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
