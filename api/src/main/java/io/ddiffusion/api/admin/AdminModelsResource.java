package io.ddiffusion.api.admin;

import io.ddiffusion.api.tasks.ModelAvailability;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.images.ImagesModelInfo;
import io.ddiffusion.schema.texts.TextModel;
import io.ddiffusion.schema.texts.TextsModelInfo;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.schema.videos.VideosModelInfo;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every domain's models with their availability, for the admin (whose key the domain routes do not take). */
@Path("/api/admin/models")
@Tag(name = "Admin")
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class AdminModelsResource {
    @Inject
    ModelAvailability availability;

    /** The three domains' model lists, each as its own {@code GET /api/{domain}/models} answers it. */
    public record AdminModels(Map<String, ImagesModelInfo> images,
            Map<String, TextsModelInfo> texts,
            Map<String, VideosModelInfo> videos) {
    }

    @GET
    @Operation(operationId = "admin_models_list", summary = "List every model",
            description = "The image, text and video models with whether this installation can run each now and "
                    + "why not.")
    public AdminModels list() {
        return new AdminModels(availability.describe(ImageModel.values(), ImageModel::info),
                availability.describe(TextModel.values(), TextModel::info),
                availability.describe(VideoModel.values(), VideoModel::info));
    }
}
