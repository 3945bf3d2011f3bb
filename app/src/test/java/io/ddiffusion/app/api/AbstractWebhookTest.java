package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks through HTTP: a create request names a receiver, the server POSTs the task's GET body signed per Standard
 * Webhooks for the events asked, retries failures with the same {@code webhook-id}, gives up when told to or when
 * retries run out, and shows each message's state in {@code task_info.webhook}. Embedded ({@link WebhookTest}) and
 * Redis ({@link RedisWebhookTest}).
 */
abstract class AbstractWebhookTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    String token;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        token = Api.newToken("webhooks");
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private String submit(String path, String prompt, Object filter) {
        Map<String, Object> body = filter == null
                ? json("model", "gpt-4o", "prompt", prompt, "webhook", receiver.url(path))
                : json("model", "gpt-4o", "prompt", prompt, "webhook", receiver.url(path), "webhook_events_filter",
                        filter);
        return Api.submit(token, "texts", body);
    }

    private static JsonNode withoutWebhookState(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        ((ObjectNode) copy.get("task_info")).remove("webhook");
        return copy;
    }

    private JsonPath deliveredState(String id, int messages) {
        return await().atMost(WAIT).until(() -> Api.task(token, "texts", id),
                t -> t.getList("task_info.webhook.deliveries.findAll { it.state != 'pending' }").size() == messages);
    }

    @Test
    void byDefaultTheFinishedTaskIsPostedOnceSignedWithWhatGetAnswers() throws Exception {
        String id = submit("/done", "x", null);

        await().atMost(WAIT).until(() -> receiver.forPath("/done").size() == 1);
        JsonPath task = deliveredState(id, 1);
        WebhookReceiver.Received r = receiver.forPath("/done").getFirst();

        assertThat(r.header(":method")).isEqualTo("POST");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("webhook-id")).matches("msg_[0-9a-f]{32}_\\d+");
        assertThat(Long.parseLong(r.header("webhook-timestamp")))
                .isBetween(Instant.now().minusSeconds(60).getEpochSecond(), Instant.now().getEpochSecond());
        assertThat(WebhookReceiver.verify(WebhookProfile.SECRET, r)).isTrue();
        JsonNode sent = JSON.readTree(r.body());
        JsonNode got = JSON.readTree(Api.get(token, "texts", id).asString());
        assertThat(sent.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(withoutWebhookState(sent)).isEqualTo(withoutWebhookState(got));

        assertThat(task.getList("task_info.webhook.events")).containsExactly("completed");
        assertThat(task.getMap("task_info.webhook.deliveries[0]")).containsEntry("event", "completed")
                .containsEntry("id", r.header("webhook-id")).containsEntry("state", "delivered")
                .containsEntry("attempts", 1).containsEntry("response_status", 200).containsKey("delivered_at");
    }

    @Test
    void eachEventInTheFilterIsSentAndOthersAreNot() throws Exception {
        String id = submit("/all", "log=first;steps=3;sleep=1500", List.of("start", "progress", "logs", "completed"));

        JsonPath task = deliveredState(id, 4);
        Map<String, String> ids = task.getList("task_info.webhook.deliveries", Map.class).stream().collect(
                Collectors.toMap(m -> (String) m.get("event"), m -> (String) m.get("id")));
        assertThat(ids.keySet()).containsExactlyInAnyOrder("start", "progress", "logs", "completed");
        Map<String, String> states = task.getList("task_info.webhook.deliveries", Map.class).stream().collect(
                Collectors.toMap(m -> (String) m.get("event"), m -> (String) m.get("state")));
        assertThat(states).containsEntry("start", "delivered").containsEntry("completed", "delivered");
        // why: the latest progress or logs message may have waited out its throttle when the task finished
        assertThat(states.get("progress")).isIn("delivered", "superseded");
        assertThat(states.get("logs")).isIn("delivered", "superseded");
        Set<String> received = receiver.forPath("/all").stream().map(r -> r.header("webhook-id"))
                .collect(Collectors.toSet());
        assertThat(received).contains(ids.get("start"), ids.get("completed"));
        assertThat(received).as("a progress or logs message besides start and completed").hasSizeGreaterThan(2);
        for (WebhookReceiver.Received r : receiver.forPath("/all")) {
            assertThat(WebhookReceiver.verify(WebhookProfile.SECRET, r)).isTrue();
        }
        WebhookReceiver.Received completed = receiver.forPath("/all").stream()
                .filter(r -> r.header("webhook-id").equals(ids.get("completed"))).findFirst().orElseThrow();
        assertThat(JSON.readTree(completed.body()).get("status").asText()).isEqualTo("SUCCESS");

        String onlyEnd = submit("/end", "log=first;steps=3;sleep=300", List.of("completed"));
        deliveredState(onlyEnd, 1);
        assertThat(receiver.forPath("/end")).hasSize(1);
    }

    @Test
    void aFailingReceiverGetsTheSameMessageAgainUntilItAnswers() throws Exception {
        receiver.answer(503, 500);
        String id = submit("/flaky", "x", null);

        JsonPath task = deliveredState(id, 1);
        List<WebhookReceiver.Received> attempts = receiver.forPath("/flaky");

        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly(attempts.getFirst()
                .header("webhook-id"));
        for (WebhookReceiver.Received r : attempts) {
            assertThat(WebhookReceiver.verify(WebhookProfile.SECRET, r)).isTrue();
        }
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(
                Duration.ofMillis(900));
        assertThat(task.getMap("task_info.webhook.deliveries[0]")).containsEntry("state", "delivered")
                .containsEntry("attempts", 3).containsEntry("response_status", 200);
    }

    @Test
    void aReceiverThatKeepsFailingIsGivenUpAfterTheLastRetry() {
        receiver.answer(500, 500, 500, 500, 500);
        String id = submit("/down", "x", null);

        JsonPath task = deliveredState(id, 1);

        assertThat(receiver.forPath("/down")).hasSize(4);
        assertThat(task.getMap("task_info.webhook.deliveries[0]")).containsEntry("state", "failed")
                .containsEntry("attempts", 4).containsEntry("response_status", 500)
                .containsEntry("error", "HTTP 500").doesNotContainKey("next_attempt_at");
    }

    @Test
    void goneStopsTheRetriesAtOnce() {
        receiver.answer(410);
        String id = submit("/gone", "x", null);

        JsonPath task = deliveredState(id, 1);

        assertThat(receiver.forPath("/gone")).as(() -> receiver.forPath("/gone").stream().map(r -> r.headers() + " "
                + r.at()).toList().toString()).hasSize(1);
        assertThat(task.getMap("task_info.webhook.deliveries[0]")).containsEntry("state", "failed")
                .containsEntry("attempts", 1).containsEntry("response_status", 410);
    }

    @Test
    void aTaskWithoutAWebhookShowsNone() {
        String id = Api.submit(token, "texts", json("model", "gpt-4o", "prompt", "x"));
        JsonPath task = Api.awaitStatus(token, "texts", id, "SUCCESS");
        assertThat(task.getMap("task_info")).doesNotContainKey("webhook");
    }

    @Test
    void webhookFieldsAreCheckedAtSubmit() {
        Api.assertProblem(Api.as(token).body(json("model", "gpt-4o", "prompt", "x", "webhook", "ftp://127.0.0.1/h"))
                .post("/api/texts"), "must be an https:// URL or an http:// one, not 'ftp'", "url_refused",
                "body", "webhook");
        Api.assertProblem(Api.as(token).body(json("model", "gpt-4o", "prompt", "x", "webhook_events_filter",
                List.of("completed"))).post("/api/texts"), "needs webhook: name the URL to call", "value_error",
                "body", "webhook_events_filter");
        Api.as(token).body(json("model", "gpt-4o", "prompt", "x", "webhook", receiver.url("/x"),
                "webhook_events_filter", List.of("output"))).post("/api/texts").then().statusCode(422);
        Api.as(token).body(json("model", "gpt-4o", "prompt", "x", "webhook", receiver.url("/x"),
                "webhook_events_filter", List.of())).post("/api/texts").then().statusCode(422);
        Api.as(token).body(json("model", "gpt-4o", "prompt", "x", "webhook", "https://h.example/"
                + "a".repeat(2100))).post("/api/texts").then().statusCode(422);
        assertThat(receiver.received()).isEmpty();
    }
}
