package io.ddiffusion.core.task;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.TaskStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {
    @Test
    void taskGoesThroughItsLifeByVerbs() {
        Instant now = Instant.now();
        Task t = aPendingTask().build().enqueuedAs("1-1").received("w1", 1).started(now)
                .progressed(new Progress(3, 10)).succeeded(List.of("images/sd-xl/x-0.png"), null, now.plusSeconds(2));

        assertThat(t.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(t.worker()).isEqualTo("w1");
        assertThat(t.outputs()).containsExactly("images/sd-xl/x-0.png");
        assertThat(t.progress()).isEqualTo(new Progress(3, 10));
        assertThat(t.runtimeSeconds(Instant.MAX)).isEqualTo(2.0);
    }

    @Test
    void finishedTaskCannotStartAgain() {
        Task done = aPendingTask().build().revoked("cancelled", Instant.now());
        assertThatThrownBy(() -> done.received("w1", 1))
                .isInstanceOf(IllegalTaskStateException.class)
                .hasMessageContaining("REVOKED").hasMessageContaining("RECEIVED");
    }

    @Test
    void progressIsOnlyAcceptedWhileRunning() {
        assertThatThrownBy(() -> aPendingTask().build().progressed(new Progress(1, 2)))
                .isInstanceOf(IllegalTaskStateException.class);
    }

    @Test
    void reclaimedTaskGoesBackToPendingWithoutItsWorker() {
        Task t = aPendingTask().build().enqueuedAs("1-1").received("w1", 1).started(Instant.now()).requeued("2-1");
        assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(t.worker()).isNull();
        assertThat(t.queueEntry()).isEqualTo("2-1");
        assertThat(t.attempts()).isEqualTo(1);
    }

    @Test
    void everyTerminalStatusIsFinal() {
        for (TaskStatus s : TaskStatus.values()) {
            if (s.isTerminal()) {
                for (TaskStatus next : TaskStatus.values()) {
                    assertThat(s.canMoveTo(next)).as(s + " -> " + next).isFalse();
                }
            }
        }
    }
}
