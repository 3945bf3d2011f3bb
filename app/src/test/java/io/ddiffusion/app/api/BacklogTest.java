package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.schema.common.Queue;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TASK_BACKLOG_LIMIT=2 with one gpu slot: one long gpu task runs, two wait, and the next submit of any domain is
 * refused with 429 until the queue drains.
 */
@QuarkusTest
@TestProfile(BacklogProfile.class)
class BacklogTest {
    @Inject
    TaskQueue queue;
    String token;
    final List<String> tasks = new ArrayList<>();

    @BeforeEach
    void newKey() {
        token = Api.newToken("backlog");
    }

    @AfterEach
    void cancelAll() {
        tasks.forEach(id -> Api.cancelQuietly(token, "images", id));
    }

    String gpuTask(String prompt) {
        String id = Api.submit(token, "images", json("model", "flux-1", "prompt", prompt));
        tasks.add(id);
        return id;
    }

    @Test
    void whenTwoTasksWaitTheNextSubmitIsTooManyRequestsUntilTheyAreCancelled() {
        String running = gpuTask("sleep=20000;steps=200");
        Api.awaitStatus(token, "images", running, "STARTED");
        String first = gpuTask("waiting one");
        String second = gpuTask("waiting two");

        Api.as(token).body(json("model", "flux-1")).post("/api/images").then()
                .statusCode(429)
                .header("Retry-After", "30")
                .body("detail", equalTo("Too many waiting tasks 2 / 2, please try later"));
        Api.as(token).body(json("model", "gpt-4o", "prompt", "cpu is idle")).post("/api/texts").then()
                .statusCode(429)
                .body("detail", equalTo("Too many waiting tasks 2 / 2, please try later"));
        assertThat(Api.task(token, "images", first).getString("status")).isEqualTo("PENDING");

        Api.as(token).delete("/api/images/" + second).then().statusCode(200).body("status", equalTo("REVOKED"));
        String id = Api.submit(token, "texts", json("model", "gpt-4o", "prompt", "room again"));
        assertThat(Api.awaitStatus(token, "texts", id, "SUCCESS").getString("output")).isEqualTo("echo: room again");
    }

    @Test
    void aSubmitThatAnotherNodeBeatToTheLastPlaceIsRefusedAndNotRecorded() {
        String running = gpuTask("sleep=20000;steps=200");
        Api.awaitStatus(token, "images", running, "STARTED");
        gpuTask("waiting one");
        // why: another API node takes the last place straight after this one counted room for the next submit
        String othersEntry = queue.enqueue(Queue.GPU, UUID.randomUUID(), "images.flux-1");
        try {
            Api.as(token).body(json("model", "flux-1", "prompt", "one too many")).post("/api/images").then()
                    .statusCode(429)
                    .header("Retry-After", "30")
                    .body("detail", equalTo("Too many waiting tasks 2 / 2, please try later"));

            assertThat(queue.waitingInAllQueues()).isEqualTo(2);
        } finally {
            queue.remove(Queue.GPU, othersEntry);
        }
    }

    @Test
    void aReplayOfACreateIsAnsweredWhileTheBacklogIsFullAndANewKeyIsRefused() {
        String running = gpuTask("sleep=20000;steps=200");
        Api.awaitStatus(token, "images", running, "STARTED");
        String body = io.ddiffusion.core.json.Json.write(json("model", "flux-1", "prompt", "waiting one"));
        String key = "k-" + UUID.randomUUID();
        String first = Api.as(token).header("Idempotency-Key", key).body(body).post("/api/images").then()
                .statusCode(202).extract().jsonPath().getString("id");
        tasks.add(first);
        gpuTask("waiting two");

        Api.as(token).header("Idempotency-Key", key).body(body).post("/api/images").then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        Api.as(token).header("Idempotency-Key", "k-" + UUID.randomUUID()).body(body).post("/api/images").then()
                .statusCode(429)
                .body("detail", equalTo("Too many waiting tasks 2 / 2, please try later"));
    }

    @Test
    void waitingTasksShowTheirPlaceInTheQueue() {
        String running = gpuTask("sleep=20000;steps=200");
        Api.awaitStatus(token, "images", running, "STARTED");
        String first = gpuTask("waiting one");
        String second = gpuTask("waiting two");

        JsonPath one = Api.task(token, "images", first);
        JsonPath two = Api.task(token, "images", second);

        assertThat(one.getString("status")).isEqualTo("PENDING");
        assertThat(one.getMap("task_info.queue_position")).containsEntry("position", 1).containsEntry("queue", "gpu")
                .containsEntry("total", 2);
        assertThat(one.getList("logs", String.class)).containsExactly("Queue gpu position: 1 / 2");
        assertThat(two.getMap("task_info.queue_position")).containsEntry("position", 2).containsEntry("total", 2);
        assertThat(two.getList("logs", String.class)).containsExactly("Queue gpu position: 2 / 2");
        assertThat(two.getString("task_info.started")).isNull();
        assertThat(two.getString("task_info.received")).isNotNull();

        Api.as(token).delete("/api/images/" + first).then().statusCode(200);
        assertThat(Api.task(token, "images", second).getList("logs", String.class))
                .containsExactly("Queue gpu position: 1 / 1");
    }

    @Test
    void readingAndCancellingAreNeverRefusedForTheBacklog() {
        String running = gpuTask("sleep=20000;steps=200");
        Api.awaitStatus(token, "images", running, "STARTED");
        gpuTask("waiting one");
        gpuTask("waiting two");

        Api.as(token).get("/api/images/models").then().statusCode(200);
        Api.as(token).get("/api/images/" + running).then().statusCode(200).body("status", equalTo("STARTED"));
        Api.admin().get("/api/admin/keys").then().statusCode(200);
        Api.as(token).delete("/api/images/" + running).then().statusCode(200).body("status", equalTo("REVOKED"));
    }

    @Test
    void anMcpCreateIsRefusedForTheBacklogLikeARestOneWhileReadsGoOn() {
        String session = Mcp.initialize(token);
        String running = gpuTask("sleep=20000;steps=200");
        Api.awaitStatus(token, "images", running, "STARTED");
        String waiting = gpuTask("waiting one");
        gpuTask("waiting two");

        JsonPath refused = Mcp.toolError(token, session, "texts_create", json("model", "gpt-4o", "prompt", "hi"));

        assertThat(refused.getInt("status")).isEqualTo(429);
        assertThat(refused.getString("detail")).isEqualTo("Too many waiting tasks 2 / 2, please try later");
        assertThat(Mcp.ok(token, session, "images_get", json("id", waiting)).getString("status"))
                .isEqualTo("PENDING");
    }
}
