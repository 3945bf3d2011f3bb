package io.ddiffusion.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.tasks.TaskCanceller;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.api.tasks.TaskView;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The admin's view of any task, whoever submitted it: read and cancel. */
@Path("/api/admin/tasks")
@Tag(name = "Admin")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class AdminTasksResource {
    @Inject
    TaskReader reader;
    @Inject
    TaskCanceller canceller;
    @Inject
    TaskStore store;

    /** A task of any domain with who submitted it. */
    public record AdminTaskResponse(UUID id, String name, TaskStatus status, Identity identity, List<URI> output,
            String text, @JsonProperty("error_message") String errorMessage, List<String> logs,
            @JsonProperty("task_info") TaskInfo taskInfo) {
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "admin_tasks_get", summary = "Get any task")
    public AdminTaskResponse get(@PathParam("id") @Schema(format = "uuid") String id) {
        Task t = find(id);
        TaskView v = reader.view(t);
        return new AdminTaskResponse(t.id(), t.name(), v.status(), t.identity(), v.files(), v.text(),
                v.errorMessage(), v.logs(), v.info());
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "admin_tasks_delete", summary = "Cancel any task")
    public DeleteResponse delete(@PathParam("id") @Schema(format = "uuid") String id) {
        return canceller.cancel(find(id));
    }

    private Task find(String id) {
        return store.find(TaskReader.parseId(id)).orElseThrow(() -> ApiException.notFound(TaskReader.NOT_FOUND));
    }
}
