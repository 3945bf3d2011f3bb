package io.ddiffusion.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.WorkerStatus;
import io.ddiffusion.schema.common.Queue;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Each queue's backlog and the workers that serve it, as the broker sees them now. */
@Path("/api/admin/queues")
@Tag(name = "Admin")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class AdminQueuesResource {
    @Inject
    TaskQueue queue;
    @Inject
    Clock clock;

    /** One queue: tasks waiting, how long the oldest has waited, live workers serving it and their slots. */
    public record QueueSummary(String queue, int waiting,
            @JsonProperty("oldest_wait_seconds") @Schema(description = "0 when nothing waits") double oldestWaitSeconds,
            int workers,
            @Schema(description = "Tasks the live workers of this queue run at once, together") int slots) {
    }

    @GET
    @Operation(operationId = "admin_queues_list", summary = "List queues",
            description = "Every queue with the tasks waiting in it, the age of the one waiting longest, and the live "
                    + "workers that take its tasks with their slots.")
    public List<QueueSummary> list() {
        List<WorkerStatus> workers = queue.workers();
        return Arrays.stream(Queue.values()).map(q -> {
            List<WorkerStatus> serving = workers.stream().filter(w -> w.serves(q.id())).toList();
            double oldest = queue.oldestWaiting(q).map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                    .map(s -> Math.max(0, s)).orElse(0.0);
            return new QueueSummary(q.id(), queue.waiting(q), oldest, serving.size(),
                    serving.stream().mapToInt(w -> w.queues().get(q.id())).sum());
        }).toList();
    }
}
