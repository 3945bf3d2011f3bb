package io.ddiffusion.api.admin;

import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.queue.WorkerStatus;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The live workers as they describe themselves in their heartbeats: queues, slots, running tasks, loaded models. */
@Path("/api/admin/workers")
@Tag(name = "Admin")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class AdminWorkersResource {
    @Inject
    TaskQueue queue;

    @GET
    @Operation(operationId = "admin_workers_list", summary = "List live workers",
            description = "Every worker whose heartbeat is current, with the queues it serves (and how many tasks at "
                    + "once), how many tasks it runs now, and the local models it keeps loaded.")
    public List<WorkerStatus> list() {
        return queue.workers();
    }
}
