package io.ddiffusion.api.images;

import io.ddiffusion.api.events.TaskEventStreams;
import io.ddiffusion.api.tasks.InputKind;
import io.ddiffusion.api.tasks.ModelAvailability;
import io.ddiffusion.api.tasks.Submission;
import io.ddiffusion.api.tasks.TaskCanceller;
import io.ddiffusion.api.tasks.TaskReader;
import io.ddiffusion.api.tasks.TaskSubmitter;
import io.ddiffusion.api.tasks.TaskView;
import io.ddiffusion.core.store.Submitted;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.common.TaskStatus;
import io.ddiffusion.schema.images.ImageCreateResponse;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImageModelsResponse;
import io.ddiffusion.schema.images.ImageReference;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.images.ImageResponse;
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

/** Image tasks: submit, read, cancel, and the image model registry. */
@Path("/api/images")
@Tag(name = "Images")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {
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
    @Operation(operationId = "images_create", summary = "Create image task")
    @APIResponse(responseCode = "202", description = "Accepted: the task is queued",
            content = @Content(schema = @Schema(implementation = ImageCreateResponse.class)))
    public RestResponse<ImageCreateResponse> create(@Valid @NotNull ImageRequest request) {
        Submission.PixelLimit imageLimit = submitter.imageInputLimit(request.model());
        Submitted submitted = submitter.submit(request.model(), request, request.capabilityErrors(), s -> {
            List<ImageReference> refs = new ArrayList<>();
            for (int i = 0; i < request.references().size(); i++) {
                refs.add(new ImageReference(s.input(InputKind.IMAGE, request.references().get(i).image(),
                        "references", i, "image")));
            }
            return new ImageRequest(request.model(), request.prompt(), request.height(), request.width(),
                    request.seed(), request.strength(), s.input(InputKind.IMAGE, request.image(), imageLimit, "image"),
                    s.input(InputKind.IMAGE, request.mask(), "mask"), refs);
        });
        return TaskSubmitter.accepted(submitted, new ImageCreateResponse(submitted.taskId(), TaskStatus.PENDING));
    }

    @GET
    @Path("/models")
    @Operation(operationId = "images_list_models", summary = "List image models")
    public ImageModelsResponse models() {
        return new ImageModelsResponse(availability.describe(ImageModel.values(), ImageModel::info));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "images_get", summary = "Get image task")
    public ImageResponse get(@PathParam("id") @Schema(format = "uuid") String id) {
        return response(reader.ownedView(id, "images"));
    }

    /** The task as {@code GET} answers it (also the body of its webhook messages). */
    public static ImageResponse response(TaskView v) {
        return new ImageResponse(v.id(), v.status(), v.files(), v.errorMessage(), v.logs(), v.info());
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "images_events", summary = "Watch image task",
            description = TaskEventStreams.DESCRIPTION)
    public void events(@PathParam("id") @Schema(format = "uuid") String id,
            @HeaderParam(TaskEventStreams.LAST_EVENT_ID) String lastEventId, @Context SseEventSink sink,
            @Context Sse sse, @Context HttpServerResponse http) {
        streams.owned(id, "images", lastEventId, ImagesResource::response, sink, sse, http);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "images_delete", summary = "Cancel image task")
    public DeleteResponse delete(@PathParam("id") @Schema(format = "uuid") String id) {
        return canceller.cancel(id, "images");
    }
}
