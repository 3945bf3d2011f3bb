package io.ddiffusion.api.texts;

import io.ddiffusion.api.events.TaskEventStreams;
import io.ddiffusion.api.tasks.InputKind;
import io.ddiffusion.api.tasks.ModelAvailability;
import io.ddiffusion.api.tasks.TaskCanceller;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.api.tasks.TaskSubmitter;
import io.ddiffusion.api.tasks.TaskView;
import io.ddiffusion.core.store.Submitted;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.texts.TextCreateResponse;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.texts.TextModelsResponse;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.texts.TextResponse;
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

/** Text tasks: submit, read, cancel, and the text model registry. */
@Path("/api/texts")
@Tag(name = "Texts")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class TextsResource {
    @Inject
    TaskSubmitter submitter;
    @Inject
    TaskReader reader;
    @Inject
    TaskEventStreams streams;
    @Inject
    TaskCanceller canceller;
    @Inject
    ModelAvailability availability;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "texts_create", summary = "Create text task")
    @APIResponse(responseCode = "202", description = "Accepted: the task is queued",
            content = @Content(schema = @Schema(implementation = TextCreateResponse.class)))
    public RestResponse<TextCreateResponse> create(@Valid @NotNull TextRequest request) {
        Submitted submitted = submitter.submit(request.model(), request, request.capabilityErrors(), s -> {
            List<String> images = new ArrayList<>();
            for (int i = 0; i < request.images().size(); i++) {
                images.add(s.input(InputKind.IMAGE, request.images().get(i), "images", i));
            }
            List<String> videos = new ArrayList<>();
            for (int i = 0; i < request.videos().size(); i++) {
                videos.add(s.input(InputKind.VIDEO, request.videos().get(i), "videos", i));
            }
            return new TextRequest(request.model(), request.prompt(), request.systemPrompt(), images, videos);
        });
        return TaskSubmitter.accepted(submitted, new TextCreateResponse(submitted.taskId(), TaskStatus.PENDING));
    }

    @GET
    @Path("/models")
    @Operation(operationId = "texts_list_models", summary = "List text models")
    public TextModelsResponse models() {
        return new TextModelsResponse(availability.describe(TextModel.values(), TextModel::info));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "texts_get", summary = "Get text task")
    public TextResponse get(@PathParam("id") @Schema(format = "uuid") String id) {
        return response(reader.ownedView(id, "texts"));
    }

    /** The task as {@code GET} answers it (also the body of its webhook messages). */
    public static TextResponse response(TaskView v) {
        return new TextResponse(v.id(), v.status(), v.text() == null ? "" : v.text(), v.errorMessage(), v.logs(),
                v.info());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "texts_events", summary = "Watch text task",
            description = TaskEventStreams.DESCRIPTION)
    public void events(@PathParam("id") @Schema(format = "uuid") String id,
            @HeaderParam(TaskEventStreams.LAST_EVENT_ID) String lastEventId, @Context SseEventSink sink,
            @Context Sse sse, @Context HttpServerResponse http) {
        streams.owned(id, "texts", lastEventId, TextsResource::response, sink, sse, http);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "texts_delete", summary = "Cancel text task")
    public DeleteResponse delete(@PathParam("id") @Schema(format = "uuid") String id) {
        return canceller.cancel(id, "texts");
    }
}
