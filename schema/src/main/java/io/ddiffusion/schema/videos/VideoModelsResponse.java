package io.ddiffusion.schema.videos;

import java.util.Map;

public record VideoModelsResponse(Map<String, VideosModelInfo> models) {
}
