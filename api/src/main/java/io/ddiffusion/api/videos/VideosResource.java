package io.ddiffusion.api.videos;

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
import io.ddiffusion.schema.videos.VideoCreateResponse;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.videos.VideoModelsResponse;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.schema.videos.VideoResponse;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Video tasks: submit, read, cancel, and the video model registry. */
@Path("/api/videos")
@Tag(name = "Videos")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class VideosResource {
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
    @Operation(operationId = "videos_create", summary = "Create video task")
    @APIResponse(responseCode = "202", description = "Accepted: the task is queued",
            content = @Content(schema = @Schema(implementation = VideoCreateResponse.class)))
    public RestResponse<VideoCreateResponse> create(@Valid @NotNull VideoRequest request) {
        Submitted submitted = submitter.submit(request.model(), request, request.capabilityErrors(),
                s -> new VideoRequest(request.model(), request.prompt(), request.height(), request.width(),
                request.numFrames(), request.seed(),
                s.input(InputKind.IMAGE, request.image(), "image"),
                s.input(InputKind.IMAGE, request.lastImage(), "last_image"),
                s.input(InputKind.VIDEO, request.video(), "video"), request.generateAudio()));
        return TaskSubmitter.accepted(submitted, new VideoCreateResponse(submitted.taskId(), TaskStatus.PENDING));
    }

    @GET
    @Path("/models")
    @Operation(operationId = "videos_list_models", summary = "List video models")
    public VideoModelsResponse models() {
        return new VideoModelsResponse(availability.describe(VideoModel.values(), VideoModel::info));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "videos_get", summary = "Get video task")
    public VideoResponse get(@PathParam("id") @Schema(format = "uuid") String id) {
        return response(reader.ownedView(id, "videos"));
    }

    /** The task as {@code GET} answers it (also the body of its webhook messages). */
    public static VideoResponse response(TaskView v) {
        return new VideoResponse(v.id(), v.status(), v.files(), v.errorMessage(), v.logs(), v.info());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "videos_events", summary = "Watch video task",
            description = TaskEventStreams.DESCRIPTION)
    public void events(@PathParam("id") @Schema(format = "uuid") String id,
            @HeaderParam(TaskEventStreams.LAST_EVENT_ID) String lastEventId, @Context SseEventSink sink,
            @Context Sse sse, @Context HttpServerResponse http) {
        streams.owned(id, "videos", lastEventId, VideosResource::response, sink, sse, http);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "videos_delete", summary = "Cancel video task")
    public DeleteResponse delete(@PathParam("id") @Schema(format = "uuid") String id) {
        return canceller.cancel(id, "videos");
    }
}
