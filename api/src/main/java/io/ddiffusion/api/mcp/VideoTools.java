package io.ddiffusion.api.mcp;

import io.ddiffusion.api.videos.VideosResource;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.videos.VideoCreateResponse;
import io.ddiffusion.schema.videos.VideoModelsResponse;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.schema.videos.VideoResponse;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;

/** Video tasks over MCP: the operations of {@code /api/videos} under their operation ids, same records and checks. */
public class VideoTools {
    @Inject
    VideosResource rest;
    @Inject
    McpCalls calls;

    @Tool(name = "videos_create", description = "Create a video task; answers its id and status PENDING. Inputs "
            + "select the mode: video is video-to-video, image is image-to-video (last_image adds a last frame), none "
            + "is text-to-video (base64 media). Call videos_list_models for the models and what each supports; then "
            + "poll videos_get with the id.", structuredContent = true,
            inputSchema = @Tool.InputSchema(generator = RequestSchemas.class),
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, openWorldHint = true))
    @RunOnVirtualThread
    public VideoCreateResponse create(RawMessage message) {
        return calls.submit(message, VideoRequest.class, request -> rest.create(request).getEntity());
    }

    @Tool(name = "videos_get", description = "Get a video task: status, logs, progress and task_info; once SUCCESS, "
            + "output holds short-lived signed URLs of the results.", structuredContent = true,
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    @RunOnVirtualThread
    public VideoResponse get(@ToolArg(description = "The task id (a UUID) from videos_create") String id) {
        return calls.run(() -> rest.get(id));
    }

    @Tool(name = "videos_delete", description = "Cancel a video task: a waiting task never runs, a running one is "
            + "stopped; a finished one is left as it is.", structuredContent = true, annotations = @Tool.Annotations(
                    readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false))
    @RunOnVirtualThread
    public DeleteResponse delete(@ToolArg(description = "The task id (a UUID) from videos_create") String id) {
        return calls.run(() -> rest.delete(id));
    }

    @Tool(name = "videos_list_models", description = "List the video models: provider, what each supports, and "
            + "whether it is available on this server.", structuredContent = true, annotations = @Tool.Annotations(
                    readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @RunOnVirtualThread
    public VideoModelsResponse listModels() {
        return calls.run(rest::models);
    }
}
