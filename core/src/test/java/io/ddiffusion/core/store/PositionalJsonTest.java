package io.ddiffusion.core.store;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.task.TraceContext;
import io.ddiffusion.core.webhooks.Webhook;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.Progress;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.common.WebhookEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PositionalJsonTest {

    @Test
    void aTaskWithEveryFieldSetComesBackEqual() {
        Task full = new Task(UUID.randomUUID(), "texts.chat", Queue.CPU, TaskStatus.FAILURE, "key9",
                new Identity("bob", "m-2", "::1", "ci", "key9"), "{\"prompt\":\"ünïcode ✓ \\\"quoted\\\"\"}",
                Map.of("image", "inputs/a.png", "references[0].image", "inputs/b.png"), "1700000000000-7",
                Instant.parse("2026-12-07T10:00:00.123456789Z"), Instant.parse("2026-12-07T10:00:01Z"),
                Instant.parse("2026-12-07T10:00:02.5Z"), "w-3", 2, new Progress(7, 9),
                List.of("outputs/x/0.png", "outputs/x/1.png"), "some text", "it broke",
                Map.of("provider.job", "j-1"),
                new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "vendor=v1"),
                new Webhook("https://example.com/hook", List.of(WebhookEvent.START, WebhookEvent.COMPLETED)), 12);

        assertThat(PositionalJson.read(PositionalJson.write(full))).isEqualTo(full);
    }

    @Test
    void aNewTaskWithItsEmptyFieldsComesBackEqual() {
        Task pending = aPendingTask().build();

        assertThat(PositionalJson.read(PositionalJson.write(pending))).isEqualTo(pending);
    }
}
