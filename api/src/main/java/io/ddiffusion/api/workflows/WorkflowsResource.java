package io.ddiffusion.api.workflows;

import io.ddiffusion.api.events.TaskEventStreams;
import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.api.tasks.InputKind;
import io.ddiffusion.api.tasks.TaskCanceller;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.api.tasks.TaskSubmitter;
import io.ddiffusion.api.tasks.TaskView;
import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.store.Submitted;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.common.Limits;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.workflows.Patch;
import io.ddiffusion.schema.workflows.PatchClassType;
import io.ddiffusion.schema.workflows.WorkflowCreateResponse;
import io.ddiffusion.schema.workflows.WorkflowModel;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import io.ddiffusion.schema.workflows.WorkflowResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** ComfyUI workflow tasks (experimental): submit, read, cancel. */
@Path("/api/workflows")
@Tag(name = "Workflows")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {
    @Inject
    TaskSubmitter submitter;
    @Inject
    TaskReader reader;
    @Inject
    TaskEventStreams streams;
    @Inject
    TaskCanceller canceller;
    @Inject
    ComfySettings comfy;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "workflows_create", summary = "Create workflow task",
            description = "Runs a ComfyUI API-format workflow on the comfy queue. Each patch sets the node whose "
                    + "_meta.title matches: PrimitiveInt/PrimitiveFloat/PrimitiveString(Multiline)/PrimitiveBoolean "
                    + "take a value, LoadImage/LoadVideo take base64 media (or upload:<id>, or an https:// URL when "
                    + "DDIFFUSION_ALLOW_INPUT_URLS is on). The graph may hold at most "
                    + Limits.MAX_WORKFLOW_NODES
                    + " nodes and " + Limits.MAX_WORKFLOW_BYTES + " bytes of JSON; the operator may allow or deny "
                    + "node classes.")
    @APIResponse(responseCode = "202", description = "Accepted: the task is queued",
            content = @Content(schema = @Schema(implementation = WorkflowCreateResponse.class)))
    public RestResponse<WorkflowCreateResponse> create(@Valid @NotNull WorkflowRequest request) {
        checkGraph(request);
        Submitted submitted = submitter.submit(WorkflowModel.COMFY_WORKFLOW, request, request.patchErrors(), s -> {
            List<Patch> patches = new ArrayList<>();
            for (int i = 0; i < request.patches().size(); i++) {
                Patch p = request.patches().get(i);
                Object value = p.value();
                if (p.classType().isFile()) {
                    InputKind kind = p.classType() == PatchClassType.LoadImage ? InputKind.IMAGE : InputKind.VIDEO;
                    value = s.input(kind, (String) value, "patches", i, "value");
                }
                patches.add(new Patch(p.title(), p.classType(), value));
            }
            return new WorkflowRequest(request.workflow(), patches);
        });
        return TaskSubmitter.accepted(submitted, new WorkflowCreateResponse(submitted.taskId(),
                TaskStatus.PENDING));
    }

    /** The graph's size in JSON and the operator's node lists; each refusal names the field and the limit. */
    private void checkGraph(WorkflowRequest request) {
        long bytes = jsonBytes(request.workflow());
        if (bytes > Limits.MAX_WORKFLOW_BYTES) {
            throw new ValidationException(ValidationProblem.body("must be at most " + Limits.MAX_WORKFLOW_BYTES
                    + " bytes of JSON, got " + bytes, "length", "workflow"));
        }
        List<String> refused = comfy.refusedNodes(request.workflow());
        if (!refused.isEmpty()) {
            throw new ValidationException(refused.stream().map(m -> ValidationProblem.body(m, "value_error",
                    "workflow")).toList());
        }
    }

    /**
     * The size of {@code value} as UTF-8 JSON, counted while it is written as text, so a large graph is never held
     * twice (a surrogate pair counts as the four bytes UTF-8 gives it).
     */
    private static long jsonBytes(Object value) {
        long[] count = new long[1];
        java.io.Writer counter = new java.io.Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    char c = cbuf[i];
                    count[0] += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try {
            Json.MAPPER.writeValue(counter, value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return count[0];
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "workflows_get", summary = "Get workflow task")
    public WorkflowResponse get(@PathParam("id") @Schema(format = "uuid") String id) {
        return response(reader.ownedView(id, "workflows"));
    }

    /** The task as {@code GET} answers it (also the body of its webhook messages). */
    public static WorkflowResponse response(TaskView v) {
        return new WorkflowResponse(v.id(), v.status(), v.files(), v.errorMessage(), v.logs(), v.info());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "workflows_events", summary = "Watch workflow task",
            description = TaskEventStreams.DESCRIPTION)
    public void events(@PathParam("id") @Schema(format = "uuid") String id,
            @HeaderParam(TaskEventStreams.LAST_EVENT_ID) String lastEventId, @Context SseEventSink sink,
            @Context Sse sse, @Context HttpServerResponse http) {
        streams.owned(id, "workflows", lastEventId, WorkflowsResource::response, sink, sse, http);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "workflows_delete", summary = "Cancel workflow task")
    public DeleteResponse delete(@PathParam("id") @Schema(format = "uuid") String id) {
        return canceller.cancel(id, "workflows");
    }
}
