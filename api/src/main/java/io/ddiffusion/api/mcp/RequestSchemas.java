package io.ddiffusion.api.mcp;

import io.ddiffusion.schema.images.ImageRequest;
import io.ddiffusion.schema.texts.TextRequest;
import io.ddiffusion.schema.videos.VideoRequest;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The input schema of each create tool is its REST request record's own schema, so the tool's arguments are the
 * body's fields ({@code model}, {@code prompt}, ...) with the same names, limits and defaults.
 */
@Singleton
public class RequestSchemas implements InputSchemaGenerator<Object> {
    static final Map<String, Class<?>> REQUESTS = Map.of(
            "images_create", ImageRequest.class,
            "texts_create", TextRequest.class,
            "videos_create", VideoRequest.class,
            "workflows_create", WorkflowRequest.class);

    @Inject
    GlobalOutputSchemaGenerator schemas;

    @Override
    public Object generate(ToolInfo tool) {
        Class<?> request = REQUESTS.get(tool.name());
        if (request == null) {
            throw new IllegalStateException("No request record for tool " + tool.name());
        }
        return schemas.generate(request);
    }
}
