package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.ddiffusion.worker.testing.EchoHandler;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DELETE on a task: a waiting task never runs, a running one is stopped and frees its slot, a finished one stays as
 * it is. The gpu queue runs one task at a time, so a long gpu task keeps the next one waiting.
 */
abstract class AbstractCancellationTest extends GpuTaskTest {
    @Override
    String keyPrefix() {
        return "cancel";
    }

    @Test
    void aWaitingTaskShowsItsQueuePositionAndOnceCancelledNeverRuns() {
        String running = gpuTask(LONG);
        Api.awaitStatus(token, "images", running, "STARTED");
        String waiting = gpuTask("I should never run");

        JsonPath pending = Api.task(token, "images", waiting);
        assertThat(pending.getString("status")).isEqualTo("PENDING");
        assertThat(pending.getInt("task_info.queue_position.position")).isEqualTo(1);
        assertThat(pending.getString("task_info.queue_position.queue")).isEqualTo("gpu");
        assertThat(pending.getInt("task_info.queue_position.total")).isEqualTo(1);
        assertThat(pending.getList("logs", String.class)).contains("Queue gpu position: 1 / 1");

        Api.as(token).delete("/api/images/" + waiting).then()
                .statusCode(200)
                .body("id", equalTo(waiting))
                .body("status", equalTo("REVOKED"))
                .body("message", equalTo("Task cancellation requested"));
        Api.as(token).delete("/api/images/" + running).then().statusCode(200).body("status", equalTo("REVOKED"));
        String next = gpuTask("after the cancelled ones");
        Api.awaitStatus(token, "images", next, "SUCCESS");

        assertThat(EchoHandler.RUNS).doesNotContainKey(waiting).containsKey(next);
        JsonPath revoked = Api.task(token, "images", waiting);
        assertThat(revoked.getString("status")).isEqualTo("REVOKED");
        assertThat(revoked.getString("task_info.revoked")).isNotNull();
        assertThat(revoked.getMap("task_info")).doesNotContainKey("queue_position");
        assertThat(revoked.getList("output")).isEmpty();
        assertThat(revoked.getList("logs", String.class)).contains("Cancelled by " + keyName);
    }

    @Test
    void aRunningTaskIsStoppedItsHandlerSeesTheCancellationAndTheNextGpuTaskRuns() {
        String running = gpuTask(LONG);
        Api.awaitStatus(token, "images", running, "STARTED");
        assertThat(EchoHandler.RUNS).containsKey(running);

        Api.as(token).delete("/api/images/" + running).then()
                .statusCode(200)
                .body("id", equalTo(running))
                .body("status", equalTo("REVOKED"))
                .body("message", equalTo("Task cancellation requested"));

        Api.waiting().untilAsserted(() -> assertThat(EchoHandler.CANCELLED)
                .containsEntry(running, "REVOKED"));
        String next = gpuTask("the slot is free again");
        JsonPath done = Api.awaitStatus(token, "images", next, "SUCCESS");
        assertThat(done.getList("output")).hasSize(1);
        JsonPath t = Api.task(token, "images", running);
        assertThat(t.getString("status")).isEqualTo("REVOKED");
        assertThat(t.getString("task_info.revoked")).isNotNull();
        assertThat(t.getList("output")).isEmpty();
    }

    @Test
    void aTaskStoppedWhileRunningSaysSoInItsLogs() {
        String running = gpuTask(LONG);
        Api.awaitStatus(token, "images", running, "STARTED");

        Api.as(token).delete("/api/images/" + running).then().statusCode(200).body("status", equalTo("REVOKED"));

        Api.waiting().untilAsserted(() -> assertThat(Api.task(token, "images", running).getList("logs",
                String.class)).contains("Cancelled by " + keyName, "Cancelled while running; stopped"));
    }

    @Test
    void cancellingAFinishedTaskLeavesItAndSaysItIsAlreadyCompleted() {
        String id = Api.submit(token, "texts", json("model", "gpt-4o", "prompt", "done quickly"));
        Api.awaitStatus(token, "texts", id, "SUCCESS");

        Api.as(token).delete("/api/texts/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("SUCCESS"))
                .body("message", equalTo("Task already completed"));

        JsonPath t = Api.task(token, "texts", id);
        assertThat(t.getString("status")).isEqualTo("SUCCESS");
        assertThat(t.getString("output")).isEqualTo("echo: done quickly");
    }

    @Test
    void cancellingAFailedTaskKeepsItsFailure() {
        String id = Api.submit(token, "videos", json("model", "sora-2", "prompt", "fail=no luck"));
        Api.awaitStatus(token, "videos", id, "FAILURE");

        Api.as(token).delete("/api/videos/" + id).then()
                .statusCode(200)
                .body("status", equalTo("FAILURE"))
                .body("message", equalTo("Task already completed"));
        assertThat(Api.task(token, "videos", id).getString("error_message"))
                .isEqualTo("Task failed with error: no luck");
    }

    @Test
    void cancellingTwiceAnswersRevokedAndAlreadyCompleted() {
        String id = Api.submit(token, "workflows", AbstractTaskFlowTest.workflow(LONG, Media.b64(Media.PNG)));
        try {
            Api.as(token).delete("/api/workflows/" + id).then().statusCode(200)
                    .body("status", equalTo("REVOKED"))
                    .body("message", equalTo("Task cancellation requested"));

            Api.as(token).delete("/api/workflows/" + id).then()
                    .statusCode(200)
                    .body("status", equalTo("REVOKED"))
                    .body("message", equalTo("Task already completed"));
        } finally {
            Api.cancelQuietly(token, "workflows", id);
        }
    }

    @Test
    void cancellingAnUnknownTaskIsNotFoundInEveryDomain() {
        for (String domain : List.of("images", "texts", "videos", "workflows")) {
            Api.as(token).delete("/api/" + domain + "/3fa85f64-5717-4562-b3fc-2c963f66afa6").then()
                    .statusCode(404)
                    .body("detail", equalTo("Task not found or has expired"));
            Api.as(token).delete("/api/" + domain + "/42").then()
                    .statusCode(422)
                    .body("detail[0].loc", contains("path", "id"));
        }
    }
}
