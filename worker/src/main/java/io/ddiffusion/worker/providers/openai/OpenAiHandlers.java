package io.ddiffusion.worker.providers.openai;

import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.runtime.HandlerRegistry;

/** Registers the OpenAI models (and the local OpenAI-compatible text model). */
public final class OpenAiHandlers {
    private OpenAiHandlers() {
    }

    public static void register(HandlerRegistry.Builder registry, ProviderClients clients) {
        // handlers are added here as they are implemented
    }
}
