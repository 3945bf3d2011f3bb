package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** Shortcuts for talking to the API under test: keys, submits, polling. */
final class Api {
    /** The admin key of the {@code %test} profile (application.properties). */
    static final String ADMIN_KEY = "test-admin-key-0123456789-abcdefghijklmnop";
    static final Duration WAIT = Duration.ofSeconds(30);

    private Api() {
    }

    static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_KEY);
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A unique, valid key name (the key store outlives test runs). */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user key with the admin key; returns the whole answer. */
    static JsonPath createKey(String name) {
        return admin().queryParam("name", name).post("/api/admin/keys").then().statusCode(200).extract().jsonPath();
    }

    /** A fresh user key's token. */
    static String newToken(String prefix) {
        return createKey(uniqueName(prefix)).getString("api_key");
    }

    /** Submits a task and checks the 202 answer; returns the task id. */
    static String submit(String token, String domain, Object body) {
        JsonPath created = as(token).body(body).post("/api/" + domain).then()
                .statusCode(202)
                .extract().jsonPath();
        assertThat(created.getString("status")).isEqualTo("PENDING");
        String id = created.getString("id");
        assertThat(UUID.fromString(id)).isNotNull();
        return id;
    }

    static Response get(String token, String domain, String id) {
        return as(token).get("/api/" + domain + "/" + id);
    }

    static JsonPath task(String token, String domain, String id) {
        return get(token, domain, id).then().statusCode(200).extract().jsonPath();
    }

    /**
     * Awaitility as these tests use it: errors thrown on the server's own threads are the server's to log; a test
     * judges the server by its answers only.
     */
    static org.awaitility.core.ConditionFactory waiting() {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions();
    }

    /** Polls the task until its status is one of {@code statuses}; returns that answer. */
    static JsonPath awaitStatus(String token, String domain, String id, String... statuses) {
        List<String> wanted = Arrays.asList(statuses);
        AtomicReference<JsonPath> last = new AtomicReference<>();
        waiting().untilAsserted(() -> {
            JsonPath t = task(token, domain, id);
            last.set(t);
            assertThat(t.getString("status")).as("status of %s/%s", domain, id).isIn(wanted);
        });
        return last.get();
    }

    /** Cancels a task, ignoring the outcome (clean-up). */
    static void cancelQuietly(String token, String domain, String id) {
        if (id != null) {
            as(token).delete("/api/" + domain + "/" + id);
        }
    }

    /** The path and query of a signed URL, to request it from the test server whatever host it names. */
    static String pathAndQuery(String url) {
        URI u = URI.create(url);
        return u.getRawPath() + "?" + u.getRawQuery();
    }

    /** The query parameters of a URL. */
    static Map<String, String> query(String url) {
        Map<String, String> q = new java.util.LinkedHashMap<>();
        for (String part : URI.create(url).getRawQuery().split("&")) {
            int eq = part.indexOf('=');
            q.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return q;
    }

    /** A JSON object from key/value pairs, in order (values may be null). */
    static Map<String, Object> json(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The answer is 422 with exactly one problem: at {@code loc}, saying {@code msg}, of kind {@code type}. */
    static void assertProblem(Response r, String msg, String type, Object... loc) {
        r.then().statusCode(422)
                .contentType(ContentType.JSON)
                .body("detail", org.hamcrest.Matchers.hasSize(1))
                .body("detail[0].loc", org.hamcrest.Matchers.equalTo(Arrays.asList(loc)))
                .body("detail[0].msg", org.hamcrest.Matchers.equalTo(msg))
                .body("detail[0].type", org.hamcrest.Matchers.equalTo(type));
    }

    /** The answer is 422 with one problem on the whole body, as the capability rules give. */
    static void assertBodyRule(Response r, String msg) {
        assertProblem(r, msg, "value_error", "body");
    }

    /** The first (and usually only) 422 problem of an answer. */
    static Map<String, Object> problem(Response r) {
        List<Map<String, Object>> detail = r.then().statusCode(422).extract().jsonPath().getList("detail");
        assertThat(detail).isNotEmpty();
        return detail.getFirst();
    }
}
