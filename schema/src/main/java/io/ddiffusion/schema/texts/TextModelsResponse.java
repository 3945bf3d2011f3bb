package io.ddiffusion.schema.texts;

import java.util.Map;

public record TextModelsResponse(Map<String, TextsModelInfo> models) {
}
