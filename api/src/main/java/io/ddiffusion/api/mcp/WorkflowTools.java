package io.ddiffusion.api.mcp;

import io.ddiffusion.api.workflows.WorkflowsResource;
import io.ddiffusion.schema.common.DeleteResponse;
import io.ddiffusion.schema.workflows.WorkflowCreateResponse;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import io.ddiffusion.schema.workflows.WorkflowResponse;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;

/**
 * Workflow tasks over MCP: the operations of {@code /api/workflows} under their operation ids, same records and
 * checks.
 */
public class WorkflowTools {
    @Inject
    WorkflowsResource rest;
    @Inject
    McpCalls calls;

    @Tool(name = "workflows_create", description = "Create a workflow task; answers its id and status PENDING. A "
            + "ComfyUI API-format workflow; each patch sets the node whose _meta.title matches (LoadImage/LoadVideo "
            + "take base64 media). Then poll workflows_get with the id.", structuredContent = true,
            inputSchema = @Tool.InputSchema(generator = RequestSchemas.class),
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, openWorldHint = true))
    @RunOnVirtualThread
    public WorkflowCreateResponse create(RawMessage message) {
        return calls.submit(message, WorkflowRequest.class, request -> rest.create(request).getEntity());
    }

    @Tool(name = "workflows_get", description = "Get a workflow task: status, logs, progress and task_info; once "
            + "SUCCESS, output holds short-lived signed URLs of the results.", structuredContent = true,
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    @RunOnVirtualThread
    public WorkflowResponse get(@ToolArg(description = "The task id (a UUID) from workflows_create") String id) {
        return calls.run(() -> rest.get(id));
    }

    @Tool(name = "workflows_delete", description = "Cancel a workflow task: a waiting task never runs, a running "
            + "one is stopped; a finished one is left as it is.", structuredContent = true,
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true,
                    openWorldHint = false))
    @RunOnVirtualThread
    public DeleteResponse delete(@ToolArg(description = "The task id (a UUID) from workflows_create") String id) {
        return calls.run(() -> rest.delete(id));
    }
}
