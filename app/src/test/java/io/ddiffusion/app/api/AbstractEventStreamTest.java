package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.core.events.EventIds;
import io.ddiffusion.core.store.TaskStore;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/{domain}/{id}/events} through HTTP: order, the final event, resuming, ownership, limits,
 * heartbeats, queue positions and a client that stops reading. Embedded ({@link EventStreamTest}) and Redis
 * ({@link RedisEventStreamTest}); the several-nodes case is {@code EventStreamIT}.
 */
abstract class AbstractEventStreamTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TaskStore store;

    String token;
    final List<String[]> started = new ArrayList<>();
    final List<SseClient> clients = new ArrayList<>();

    @BeforeEach
    void newKey() {
        token = Api.newToken("events");
    }

    @AfterEach
    void cleanUp() {
        clients.forEach(SseClient::close);
        started.forEach(t -> Api.cancelQuietly(token, t[0], t[1]));
    }

    String submit(String domain, Object body) {
        String id = Api.submit(token, domain, body);
        started.add(new String[] {domain, id});
        return id;
    }

    SseClient watchPath(String path, String key, String lastEventId) throws Exception {
        SseClient c = SseClient.open("http://127.0.0.1:" + RestAssured.port + path, key, lastEventId);
        clients.add(c);
        return c;
    }

    SseClient watch(String domain, String id, String lastEventId) throws Exception {
        return watchPath("/api/" + domain + "/" + id + "/events", token, lastEventId);
    }

    static List<SseClient.Event> named(List<SseClient.Event> events, String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    static JsonNode data(SseClient.Event e) throws Exception {
        return JSON.readTree(e.data());
    }

    @Test
    void aTaskStreamsItsStatusProgressAndLogsInOrderAndEndsWithWhatGetAnswers() throws Exception {
        String id = submit("texts", json("model", "gpt-4o", "prompt", "log=first;log=second;sleep=300;steps=3"));
        SseClient stream = watch("texts", id, null);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");

        List<SseClient.Event> events = stream.untilEnd(WAIT);

        assertThat(events.getLast().name()).isEqualTo("final");
        assertThat(named(events, "final")).hasSize(1);
        List<String> statuses = new ArrayList<>();
        for (SseClient.Event e : named(events, "status")) {
            statuses.add(data(e).get("status").asText());
        }
        // why: a worker receives and starts a task in one write, so RECEIVED is rarely a status of its own
        assertThat(statuses).containsSubsequence("STARTED", "SUCCESS").endsWith("SUCCESS");
        List<String> lines = new ArrayList<>();
        for (SseClient.Event e : named(events, "log")) {
            lines.add(data(e).get("line").asText());
        }
        assertThat(lines).containsSubsequence("first", "second");
        List<Long> steps = new ArrayList<>();
        for (SseClient.Event e : named(events, "progress")) {
            assertThat(data(e).get("total").asLong()).isEqualTo(3);
            steps.add(data(e).get("step").asLong());
        }
        // why: workers write progress at most a few times a second, the last step always
        assertThat(steps).isSorted().doesNotHaveDuplicates().endsWith(3L);
        List<String> ids = events.stream().map(SseClient.Event::id).filter(java.util.Objects::nonNull).toList();
        assertThat(ids).hasSize(events.size() - 1 - named(events, "queue_position").size());
        for (int i = 1; i < ids.size(); i++) {
            assertThat(EventIds.compare(ids.get(i - 1), ids.get(i))).as("ids increase").isNegative();
        }
        JsonNode get = JSON.readTree(Api.get(token, "texts", id).then().statusCode(200).extract().asString());
        assertThat(data(events.getLast())).isEqualTo(get);
        assertThat(stream.ended()).isTrue();
    }

    @Test
    void theFinalEventOfAnImageTaskHoldsSignedUrlsOfItsFiles() throws Exception {
        String id = submit("images", json("model", "gpt-image-1", "prompt", "outputs=2"));
        SseClient.Event last = watch("images", id, null).untilEnd(WAIT).getLast();

        assertThat(last.name()).isEqualTo("final");
        JsonNode body = data(last);
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(body.get("output")).hasSize(2);
        for (JsonNode url : body.get("output")) {
            assertThat(Api.query(url.asText())).containsKeys("expires", "sig");
            RestAssured.given().get(Api.pathAndQuery(url.asText())).then().statusCode(200);
        }
    }

    @Test
    void lastEventIdResumesWithExactlyTheLaterEventsAndAFinishedTaskAnswersAtOnce() throws Exception {
        String id = submit("texts", json("model", "gpt-4o", "prompt", "log=a;log=b;log=c;log=d"));
        Api.awaitStatus(token, "texts", id, "SUCCESS");
        List<SseClient.Event> all = watch("texts", id, null).untilEnd(WAIT);
        List<SseClient.Event> logged = all.stream().filter(e -> e.id() != null).toList();
        assertThat(logged.size()).isGreaterThanOrEqualTo(6);

        List<SseClient.Event> resumed = watch("texts", id, logged.get(2).id()).untilEnd(WAIT);

        assertThat(resumed.subList(0, resumed.size() - 1)).containsExactlyElementsOf(logged.subList(3,
                logged.size()));
        assertThat(resumed.getLast().name()).isEqualTo("final");
        List<SseClient.Event> afterLast = watch("texts", id, logged.getLast().id()).untilEnd(WAIT);
        assertThat(afterLast).singleElement().extracting(SseClient.Event::name).isEqualTo("final");
        assertThat(data(afterLast.getFirst())).isEqualTo(data(all.getLast()));
    }

    @Test
    void aResumedStreamOfARunningTaskMissesNothingAndRepeatsNothing() throws Exception {
        String id = submit("texts", json("model", "gpt-4o", "prompt", "log=x;sleep=1500;steps=6;log=y"));
        SseClient first = watch("texts", id, null);
        List<SseClient.Event> before = first.until("progress", WAIT);
        first.close();

        List<SseClient.Event> after = watch("texts", id, before.getLast().id()).untilEnd(WAIT);

        List<SseClient.Event> joined = new ArrayList<>(before);
        joined.addAll(after.subList(0, after.size() - 1));
        List<SseClient.Event> whole = watch("texts", id, null).untilEnd(WAIT);
        assertThat(joined.stream().filter(e -> e.id() != null).toList())
                .containsExactlyElementsOf(whole.stream().filter(e -> e.id() != null).toList());
        assertThat(named(whole, "progress")).isNotEmpty();
        assertThat(after.getLast().name()).isEqualTo("final");
    }

    @Test
    void anotherKeysTaskIsNotFoundLikeGetAndTheAdminMayWatchAnyTask() throws Exception {
        String id = submit("texts", json("model", "gpt-4o", "prompt", "log=secret"));
        Api.awaitStatus(token, "texts", id, "SUCCESS");

        SseClient stranger = watchPath("/api/texts/" + id + "/events", Api.newToken("stranger"), null);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(JSON.readTree(stranger.body()).get("detail").asText()).isEqualTo(TaskReader.NOT_FOUND);
        SseClient wrongDomain = watch("images", id, null);
        assertThat(wrongDomain.status()).isEqualTo(404);
        SseClient unknown = watch("texts", UUID.randomUUID().toString(), null);
        assertThat(unknown.status()).isEqualTo(404);
        SseClient anonymous = watchPath("/api/texts/" + id + "/events", "nonsense", null);
        assertThat(anonymous.status()).isEqualTo(403);

        SseClient admin = watchPath("/api/admin/tasks/" + id + "/events", Api.ADMIN_KEY, null);
        List<SseClient.Event> events = admin.untilEnd(WAIT);
        JsonNode adminGet = JSON.readTree(Api.admin().get("/api/admin/tasks/" + id).then().statusCode(200)
                .extract().asString());
        assertThat(data(events.getLast())).isEqualTo(adminGet);
        assertThat(named(events, "log")).extracting(e -> e.data()).contains("{\"line\":\"secret\"}");
    }

    @Test
    void aMalformedLastEventIdIsRefusedNamingTheHeader() throws Exception {
        String id = submit("texts", json("model", "gpt-4o", "prompt", "hi"));

        SseClient c = watch("texts", id, "not-an-id");

        assertThat(c.status()).isEqualTo(422);
        JsonNode problem = JSON.readTree(c.body()).get("detail").get(0);
        assertThat(problem.get("loc").toString()).isEqualTo("[\"header\",\"Last-Event-ID\"]");
        assertThat(problem.get("msg").asText()).contains("must be the id of an event");
    }

    @Test
    void aKeyGetsAClear429AtItsStreamLimitAndASlotBackWhenAStreamCloses() throws Exception {
        String id = submit("texts", json("model", "gpt-4o", "prompt", "sleep=20000;steps=20"));
        List<SseClient> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SseClient c = watch("texts", id, null);
            assertThat(c.status()).isEqualTo(200);
            open.add(c);
        }

        SseClient refused = watch("texts", id, null);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("3 open event streams")
                .contains("DDIFFUSION_EVENTS_STREAMS_PER_KEY=3");
        String otherKey = Api.newToken("other");
        String othersTask = Api.submit(otherKey, "texts", json("model", "gpt-4o", "prompt", "theirs"));
        assertThat(watchPath("/api/texts/" + othersTask + "/events", otherKey, null).status())
                .as("another key's streams are counted apart").isEqualTo(200);
        open.getFirst().close();
        Api.waiting().until(() -> {
            SseClient again = watch("texts", id, null);
            return again.status() == 200;
        });
    }

    @Test
    void aQuietStreamGetsHeartbeatsAndAWaitingTaskItsQueuePosition() throws Exception {
        String running = submit("images", json("model", "sd-xl", "prompt", "sleep=20000;steps=20"));
        Api.awaitStatus(token, "images", running, "STARTED");
        String waiting = submit("images", json("model", "sd-xl", "prompt", "waits"));

        SseClient stream = watch("images", waiting, null);
        SseClient.Event position = stream.until("queue_position", WAIT).getLast();

        JsonNode p = data(position);
        assertThat(p.get("position").asInt()).isEqualTo(1);
        assertThat(p.get("queue").asText()).isEqualTo("gpu");
        assertThat(position.id()).isNull();
        Api.waiting().until(() -> stream.comments().contains("keep-alive"));
        Api.as(token).delete("/api/images/" + running).then().statusCode(200);
        List<SseClient.Event> rest = stream.until("status", WAIT);
        assertThat(data(rest.getLast()).get("status").asText()).isIn("RECEIVED", "STARTED");
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndResumesWithoutLosingAnEvent() throws Exception {
        String id = submit("texts", json("model", "gpt-4o", "prompt", "sleep=60000;steps=60"));
        Api.awaitStatus(token, "texts", id, "STARTED");
        UUID taskId = UUID.fromString(id);
        String filler = "x".repeat(16 * 1024);
        int lines = 600;
        List<SseClient.Event> received = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", RestAssured.port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/texts/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout((int) WAIT.toMillis());
            InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            // why: the stream is live once its first event (the STARTED status kept) came; lines written before that
            // would be its replay, which goes at the client's pace
            while (!all.toString(StandardCharsets.UTF_8).contains("STARTED\"}\n\n")) {
                int b = in.read();
                assertThat(b).as("stream ended before its first event").isNotNegative();
                all.write(b);
            }
            // the client reads nothing while the lines are written
            for (int i = 0; i < lines; i++) {
                store.appendLog(taskId, "line " + i + " " + filler);
            }
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the stream of a client that stopped reading", e);
            } catch (java.net.SocketException e) {
                // a reset instead of an orderly close: dropped all the same
            }
            String text = all.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 200").doesNotContain("event:final");
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            SseClient.parse(new BufferedReader(new java.io.StringReader(dechunk(body))), received::add, c -> {
            });
        }
        List<SseClient.Event> logs = named(received, "log");
        assertThat(logs.size()).as("the client was dropped before it got every line").isLessThan(lines);

        String lastId = received.stream().map(SseClient.Event::id).filter(java.util.Objects::nonNull)
                .reduce((a, b) -> b).orElse(null);
        SseClient resumed = watch("texts", id, lastId);
        List<String> got = new ArrayList<>();
        for (SseClient.Event e : logs) {
            got.add(data(e).get("line").asText());
        }
        while (got.stream().filter(l -> l.startsWith("line ")).count() < lines) {
            SseClient.Event e = resumed.next(WAIT);
            assertThat(e).as("stream ended early").isNotNull();
            if ("log".equals(e.name())) {
                got.add(data(e).get("line").asText());
            }
        }
        List<String> ours = got.stream().filter(l -> l.startsWith("line ")).toList();
        for (int i = 0; i < lines; i++) {
            assertThat(ours.get(i)).as("line %d, once, in order", i).startsWith("line " + i + " ");
        }
    }

    /** The payload of an HTTP/1.1 chunked body, up to where it was cut off. */
    static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            int start = eol + 2;
            if (size == 0) {
                break;
            }
            int end = Math.min(body.length(), start + size);
            out.append(body, start, end);
            i = end + 2;
        }
        return out.toString();
    }
}
