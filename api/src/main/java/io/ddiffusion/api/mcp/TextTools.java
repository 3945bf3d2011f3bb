package io.ddiffusion.api.mcp;

import io.ddiffusion.api.texts.TextsResource;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.texts.TextCreateResponse;
import io.ddiffusion.schema.texts.TextModelsResponse;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.texts.TextResponse;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;

/** Text tasks over MCP: the operations of {@code /api/texts} under their operation ids, same records and checks. */
public class TextTools {
    @Inject
    TextsResource rest;
    @Inject
    McpCalls calls;

    @Tool(name = "texts_create", description = "Create a text task; answers its id and status PENDING. A prompt "
            + "with optional base64 images, or videos for the models that read them; the answer text arrives in "
            + "output. Call texts_list_models for the models and what each supports; then poll texts_get with the "
            + "id.", structuredContent = true,
            inputSchema = @Tool.InputSchema(generator = RequestSchemas.class),
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, openWorldHint = true))
    @RunOnVirtualThread
    public TextCreateResponse create(RawMessage message) {
        return calls.submit(message, TextRequest.class, request -> rest.create(request).getEntity());
    }

    @Tool(name = "texts_get", description = "Get a text task: status, logs, progress and task_info; once SUCCESS, "
            + "output holds short-lived signed URLs of the results.", structuredContent = true,
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    @RunOnVirtualThread
    public TextResponse get(@ToolArg(description = "The task id (a UUID) from texts_create") String id) {
        return calls.run(() -> rest.get(id));
    }

    @Tool(name = "texts_delete", description = "Cancel a text task: a waiting task never runs, a running one is "
            + "stopped; a finished one is left as it is.", structuredContent = true, annotations = @Tool.Annotations(
                    readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false))
    @RunOnVirtualThread
    public DeleteResponse delete(@ToolArg(description = "The task id (a UUID) from texts_create") String id) {
        return calls.run(() -> rest.delete(id));
    }

    @Tool(name = "texts_list_models", description = "List the text models: provider, what each supports, and "
            + "whether it is available on this server.", structuredContent = true, annotations = @Tool.Annotations(
                    readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    @RunOnVirtualThread
    public TextModelsResponse listModels() {
        return calls.run(rest::models);
    }
}
