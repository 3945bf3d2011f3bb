package io.ddiffusion.schema.texts;

import io.ddiffusion.schema.common.Provider;

/** One entry of {@code GET /api/texts/models}. */
public record TextsModelInfo(Provider provider, boolean external, boolean videos, String description) {
}
