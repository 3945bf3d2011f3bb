package io.ddiffusion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComfyCheckTest {
    static final Instant STARTED = Instant.parse("2026-12-07T10:00:00.000Z");
    static final Instant SUCCEEDED = Instant.parse("2026-12-07T10:00:00.500Z");
    static final ComfyEmulator.Times TIMES = new ComfyEmulator.Times(Instant.parse("2026-12-07T10:00:00.012Z"),
            Instant.parse("2026-12-07T10:00:00.480Z"));

    /** A task as GET /api/workflows/{id} shows it: status, output, logs and task_info. */
    static ObjectNode task(String status, long step, long total, String... logs) {
        ObjectNode t = Api.JSON.createObjectNode().put("id", "t1").put("status", status);
        if (status.equals("SUCCESS")) {
            t.putArray("output").add("http://127.0.0.1/files/t1/0.png?sig=x");
        } else {
            t.put("error_message", "ComfyUI node 5 (KSampler) failed: boom");
        }
        List.of(logs).forEach(t.putArray("logs")::add);
        ObjectNode info = t.putObject("task_info").put("started", STARTED.toString());
        if (status.equals("SUCCESS")) {
            info.put("succeeded", SUCCEEDED.toString());
        }
        info.putObject("progress").put("step", step).put("total", total);
        return t;
    }

    static JsonNode succeeded() {
        return task("SUCCESS", 3, 3, "Queued on the ComfyUI sidecar as prompt t1 (3 nodes)", "KSampler (KSampler): 1/3",
                "KSampler (KSampler): 3/3", "Stored output dd_00001_.png of Save Image (SaveImage) (64 bytes)");
    }

    @Test
    void aTaskThatWentWellGivesBothOverheadsFromTheServersAndTheEmulatorsTimes() {
        ComfyCheck c = ComfyCheck.of(succeeded(), Optional.of(TIMES), 3);

        assertThat(c.problems()).isEmpty();
        assertThat(c.id()).isEqualTo("t1");
        assertThat(c.claimToPromptNanos()).isEqualTo(12_000_000L);
        assertThat(c.lastEventToStoredNanos()).isEqualTo(20_000_000L);
        assertThat(c.runNanos()).isEqualTo(500_000_000L);
    }

    @Test
    void progressThatStoppedShortOrALogWithoutTheFirstStepMeansLostEvents() {
        ComfyCheck short1 = ComfyCheck.of(task("SUCCESS", 2, 3, "KSampler (KSampler): 1/3",
                "KSampler (KSampler): 3/3"), Optional.of(TIMES), 3);
        ComfyCheck noFirst = ComfyCheck.of(task("SUCCESS", 3, 3, "KSampler (KSampler): 3/3"), Optional.of(TIMES), 3);
        ComfyCheck otherPlan = ComfyCheck.of(succeeded(), Optional.of(TIMES), 4);

        assertThat(short1.problems()).containsExactly("progress 2/3, not 3/3");
        assertThat(noFirst.problems()).containsExactly("the log lacks the first or the last sampler step (1/3, 3/3)");
        assertThat(otherPlan.ok()).isFalse();
    }

    @Test
    void aFailedTaskOrOneWhosePromptNeverReachedTheSidecarHasNoOverheads() {
        ComfyCheck failed = ComfyCheck.of(task("FAILURE", 1, 3, "KSampler (KSampler): 1/3"), Optional.of(TIMES), 3);
        ComfyCheck unseen = ComfyCheck.of(succeeded(), Optional.empty(), 3);
        ComfyCheck unended = ComfyCheck.of(succeeded(), Optional.of(new ComfyEmulator.Times(TIMES.received(),
                null)), 3);

        assertThat(failed.problems()).contains("ended FAILURE: ComfyUI node 5 (KSampler) failed: boom");
        assertThat(failed.claimToPromptNanos()).isEqualTo(-1);
        assertThat(unseen.problems()).containsExactly("no POST /prompt reached the sidecar");
        assertThat(unseen.lastEventToStoredNanos()).isEqualTo(-1);
        assertThat(unended.problems()).containsExactly("its prompt never ended on the sidecar");
    }

    @Test
    void timesOutOfOrderAreAProblemNotANegativeOverhead() {
        ComfyEmulator.Times early = new ComfyEmulator.Times(STARTED.minusMillis(5), SUCCEEDED.plusMillis(1));

        ComfyCheck c = ComfyCheck.of(succeeded(), Optional.of(early), 3);

        assertThat(c.problems()).singleElement().asString().startsWith("out of order: started ");
    }
}
