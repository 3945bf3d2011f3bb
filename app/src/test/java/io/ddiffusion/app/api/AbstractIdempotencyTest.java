package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.json.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotent creates through HTTP: the {@code Idempotency-Key} header, replays, a reused key, scopes, concurrent
 * duplicates. Run against the embedded runtime ({@link IdempotencyTest}) and Redis ({@link RedisIdempotencyTest}).
 */
abstract class AbstractIdempotencyTest {
    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    @TestHTTPResource("/")
    URL base;

    String token;
    /** A body with a base64 image, sent as these exact bytes (the fingerprint is of the bytes). */
    String body;

    @BeforeEach
    void setUp() {
        token = Api.newToken("idem");
        body = Json.write(Api.json("model", "gpt-image-1", "prompt", "sleep=200;a lighthouse", "image",
                Media.b64(Media.PNG_2X3)));
    }

    static String newKey() {
        return "k-" + UUID.randomUUID();
    }

    Response create(String token, String domain, String key, String body) {
        var spec = Api.as(token).body(body);
        if (key != null) {
            spec = spec.header(HEADER, key);
        }
        return spec.post("/api/" + domain);
    }

    @Test
    void aRetryWithTheSameKeyAndBodyAnswersTheFirstTaskAndCreatesNone() {
        String key = newKey();

        Response first = create(token, "images", key, body);
        Response retry = create(token, "images", key, body);

        first.then().statusCode(202);
        assertThat(first.header(REPLAYED)).as("the create that made the task").isNull();
        String id = first.jsonPath().getString("id");
        retry.then().statusCode(202);
        assertThat(retry.jsonPath().getString("id")).isEqualTo(id);
        assertThat(retry.jsonPath().getString("status")).isEqualTo("PENDING");
        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(Api.awaitStatus(token, "images", id, "SUCCESS").getString("id")).isEqualTo(id);
        Response late = create(token, "images", key, body);
        assertThat(late.jsonPath().getString("id")).as("still, once the task finished").isEqualTo(id);
        assertThat(late.header(REPLAYED)).isEqualTo("true");
    }

    @Test
    void theHeaderNameIsCaseInsensitiveAsEveryHttpHeaderIs() {
        String key = newKey();
        String id = create(token, "images", key, body).then().statusCode(202).extract().jsonPath().getString("id");

        // why: Python's urllib sends "Idempotency-key", HTTP/2 clients "idempotency-key"
        Response retry = Api.as(token).header("idempotency-key", key).body(body).post("/api/images");

        assertThat(retry.jsonPath().getString("id")).isEqualTo(id);
        assertThat(retry.header(REPLAYED)).isEqualTo("true");
    }

    @Test
    void withoutTheHeaderEveryCreateMakesATaskAsBefore() {
        Response first = create(token, "images", null, body);
        Response second = create(token, "images", null, body);

        first.then().statusCode(202);
        second.then().statusCode(202);
        assertThat(second.jsonPath().getString("id")).isNotEqualTo(first.jsonPath().getString("id"));
        assertThat(first.header(REPLAYED)).isNull();
        assertThat(second.header(REPLAYED)).isNull();
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedNamingTheHeader() {
        String key = newKey();
        String id = create(token, "images", key, body).then().statusCode(202).extract().jsonPath().getString("id");

        Response other = create(token, "images", key, body.replace("a lighthouse", "a harbour"));

        Api.assertProblem(other, "was already used with a different request (method, path or body) in the last 24 h "
                + "(DDIFFUSION_IDEMPOTENCY_TTL_HOURS); a retry must send the same bytes, a new request needs a new "
                + "key", "idempotency_key_reused", "header", HEADER);
        Response retry = create(token, "images", key, body);
        assertThat(retry.jsonPath().getString("id")).as("the first request still replays").isEqualTo(id);
    }

    @Test
    void theSameKeyOnAnotherRouteIsAnotherRequest() {
        String key = newKey();
        create(token, "texts", key, Json.write(Api.json("model", "gpt-4o", "prompt", "hi"))).then().statusCode(202);

        Response images = create(token, "images", key, body);

        images.then().statusCode(422).body("detail[0].type", org.hamcrest.Matchers.equalTo("idempotency_key_reused"));
    }

    @Test
    void anotherApiKeysSameIdempotencyKeyIsItsOwnAndSeesNothingOfTheFirst() {
        String key = newKey();
        String other = Api.newToken("idem-other");
        String mine = create(token, "images", key, body).then().statusCode(202).extract().jsonPath().getString("id");

        Response theirs = create(other, "images", key, body);

        theirs.then().statusCode(202);
        assertThat(theirs.header(REPLAYED)).isNull();
        assertThat(theirs.jsonPath().getString("id")).isNotEqualTo(mine);
        Api.get(other, "images", mine).then().statusCode(404);
    }

    @Test
    void aReplayOfACancelledTaskAnswersItsIdAndItStaysCancelled() {
        String key = newKey();
        String slow = Json.write(Api.json("model", "gpt-image-1", "prompt", "sleep=20000"));
        String id = create(token, "images", key, slow).then().statusCode(202).extract().jsonPath().getString("id");
        Api.as(token).delete("/api/images/" + id).then().statusCode(200);

        Response replay = create(token, "images", key, slow);

        assertThat(replay.jsonPath().getString("id")).isEqualTo(id);
        assertThat(replay.header(REPLAYED)).isEqualTo("true");
        assertThat(Api.task(token, "images", id).getString("status")).isEqualTo("REVOKED");
    }

    @Test
    void invalidKeysAreRefusedNamingTheHeaderAndTheLimit() {
        Api.assertProblem(create(token, "images", "x".repeat(256), body), "must be at most 255 characters, got 256",
                "length", "header", HEADER);
        Api.assertProblem(create(token, "videos", "two words", body), "may hold only A-Z, a-z, 0-9 and . _ ~ + / = "
                + ": -", "string_pattern_mismatch", "header", HEADER);
        Api.assertProblem(Api.as(token).header(HEADER, "a").header(HEADER, "b").body(body).post("/api/images"),
                "must be sent once, not 2 times", "value_error", "header", HEADER);
    }

    @Test
    void aKeyIsCheckedOnlyAfterTheApiKey() {
        Api.anonymous().header(HEADER, "two words").body(body).post("/api/images").then().statusCode(401);
    }

    /** Twenty identical creates at once: every one answers 202 with the same id, and exactly one made the task. */
    @Test
    void concurrentDuplicatesCreateExactlyOneTask() throws Exception {
        String key = newKey();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/api/images"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header(HEADER, key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
        }
        List<HttpResponse<String>> got = new ArrayList<>();
        for (Future<HttpResponse<String>> f : answers) {
            got.add(f.get());
        }

        assertThat(got).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(202));
        List<String> ids = got.stream().map(r -> Json.read(r.body(), java.util.Map.class).get("id").toString())
                .toList();
        assertThat(ids).containsOnly(ids.getFirst());
        // why: a request that creates a task answers without the header, so one answer without it is one task
        assertThat(got).filteredOn(r -> r.headers().firstValue(REPLAYED).isEmpty()).hasSize(1);
        assertThat(got).filteredOn(r -> r.headers().firstValue(REPLAYED).equals(java.util.Optional.of("true")))
                .hasSize(19);
        Api.awaitStatus(token, "images", ids.getFirst(), "SUCCESS");
    }
}
