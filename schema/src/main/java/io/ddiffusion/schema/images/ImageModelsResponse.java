package io.ddiffusion.schema.images;

import java.util.Map;

/** {@code GET /api/images/models}: every image model by name. */
public record ImageModelsResponse(Map<String, ImagesModelInfo> models) {
}
