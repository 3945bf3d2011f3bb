package io.ddiffusion.api.mcp;

import io.ddiffusion.api.images.ImagesResource;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.images.ImageCreateResponse;
import io.ddiffusion.schema.images.ImageModelsResponse;
import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.images.ImageResponse;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;

/** Image tasks over MCP: the operations of {@code /api/images} under their operation ids, same records and checks. */
public class ImageTools {
    @Inject
    ImagesResource rest;
    @Inject
    McpCalls calls;

    @Tool(name = "images_create", description = "Create an image task; answers its id and status PENDING. Inputs "
            + "select the mode: none is text-to-image, image is image-to-image, image + mask is inpainting (base64 "
            + "media). Call images_list_models for the models and what each supports; then poll images_get with the "
            + "id.", structuredContent = true,
            inputSchema = @Tool.InputSchema(generator = RequestSchemas.class),
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, openWorldHint = true))
    @RunOnVirtualThread
    public ImageCreateResponse create(RawMessage message) {
        return calls.submit(message, ImageRequest.class, request -> rest.create(request).getEntity());
    }

    @Tool(name = "images_get", description = "Get an image task: status, logs, progress and task_info; once SUCCESS, "
            + "output holds short-lived signed URLs of the results.", structuredContent = true,
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    @RunOnVirtualThread
    public ImageResponse get(@ToolArg(description = "The task id (a UUID) from images_create") String id) {
        return calls.run(() -> rest.get(id));
    }

    @Tool(name = "images_delete", description = "Cancel an image task: a waiting task never runs, a running one is "
            + "stopped; a finished one is left as it is.", structuredContent = true, annotations = @Tool.Annotations(
                    readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false))
    @RunOnVirtualThread
    public DeleteResponse delete(@ToolArg(description = "The task id (a UUID) from images_create") String id) {
        return calls.run(() -> rest.delete(id));
    }

    @Tool(name = "images_list_models", description = "List the image models: provider, what each supports, and "
            + "whether it is available on this server.", structuredContent = true, annotations = @Tool.Annotations(
                    readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @RunOnVirtualThread
    public ImageModelsResponse listModels() {
        return calls.run(rest::models);
    }
}
