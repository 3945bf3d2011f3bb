package io.ddiffusion.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ddiffusion.api.events.TaskEventStreams;
import io.ddiffusion.api.http.ApiException;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.api.tasks.TaskCanceller;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.api.tasks.TaskView;
import io.ddiffusion.core.store.RecentTasks;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.TaskInfo;
import io.ddiffusion.schema.common.TaskStatus;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    @Inject
    RecentTasks recent;

    /** The most tasks one list answers. */
    static final int MAX_LIST = 500;

    @Inject
    TaskEventStreams streams;

    /** A task of any domain with who submitted it. */
    public record AdminTaskResponse(UUID id, String name, TaskStatus status, Identity identity, List<URI> output,
            String text, @JsonProperty("error_message") String errorMessage, List<String> logs,
            @JsonProperty("task_info") TaskInfo taskInfo) {
    }

    /** One line of the task overview. */
    public record AdminTaskSummary(UUID id, String name, TaskStatus status, Identity identity,
            @JsonProperty("error_message") String errorMessage, @JsonProperty("task_info") TaskInfo taskInfo) {
    }

    @GET
    @Operation(operationId = "admin_tasks_list", summary = "List recent tasks",
            description = "The newest tasks of every key, newest first (the last " + RecentTasks.CAPACITY
                    + " submitted are indexed; expired ones are left out), optionally only those in one status: "
                    + "status, failure message, progress and timestamps, without logs or files.")
    public List<AdminTaskSummary> list(
            @QueryParam("limit") @DefaultValue("100") @Parameter(description = "How many, 1–" + MAX_LIST)
            @Schema(minimum = "1", maximum = "" + MAX_LIST) String limit,
            @QueryParam("status") @Parameter(description = "Only tasks in this status",
                    schema = @Schema(implementation = TaskStatus.class)) String rawStatus) {
        int count = limit(limit);
        TaskStatus status = status(rawStatus);
        // why: with a status filter the newest tasks may not be in it: read the whole index, keep the first matches
        List<UUID> ids = recent.newest(status == null ? count : RecentTasks.CAPACITY);
        return store.findAll(ids).stream().filter(t -> status == null || t.status() == status)
                .limit(count).map(t -> {
                    TaskView v = reader.summary(t);
                    return new AdminTaskSummary(t.id(), t.name(), v.status(), t.identity(), v.errorMessage(),
                            v.info());
                }).toList();
    }

    private static TaskStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return TaskStatus.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(new ValidationProblem(List.of("query", "status"), "must be one of "
                    + Arrays.toString(TaskStatus.values()), "enum"));
        }
    }

    private static int limit(String raw) {
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIST) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException(new ValidationProblem(List.of("query", "limit"),
                "must be an integer from 1 to " + MAX_LIST, "limit_range"));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "admin_tasks_get", summary = "Get any task")
    public AdminTaskResponse get(@PathParam("id") @Schema(format = "uuid") String id) {
        return response(find(id));
    }

    private AdminTaskResponse response(Task t) {
        TaskView v = reader.view(t);
        return new AdminTaskResponse(t.id(), t.name(), v.status(), t.identity(), v.files(), v.text(),
                v.errorMessage(), v.logs(), v.info());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "admin_tasks_events", summary = "Watch any task",
            description = TaskEventStreams.DESCRIPTION + " The final event's data is what `GET` on this admin route "
                    + "answers. The admin's streams count against one holder, `admin`.")
    public void events(@PathParam("id") @Schema(format = "uuid") String id,
            @HeaderParam(TaskEventStreams.LAST_EVENT_ID) String lastEventId, @Context SseEventSink sink,
            @Context Sse sse, @Context HttpServerResponse http) {
        streams.open(find(id), "admin", lastEventId, this::response, sink, sse, http);
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
