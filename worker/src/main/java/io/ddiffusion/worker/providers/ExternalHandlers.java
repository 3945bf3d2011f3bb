package io.ddiffusion.worker.providers;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.worker.providers.openai.OpenAiHandlers;
import io.ddiffusion.worker.providers.replicate.ReplicateHandlers;
import io.ddiffusion.worker.runtime.HandlerProvider;
import io.ddiffusion.worker.runtime.HandlerRegistry;

/** Registers every external-provider model (OpenAI, Replicate, and the local OpenAI-compatible text server). */
public final class ExternalHandlers implements HandlerProvider {
    @Override
    public void register(HandlerRegistry.Builder registry, Settings settings) {
        ProviderClients clients = ProviderClients.create(settings.providers());
        OpenAiHandlers.register(registry, clients);
        ReplicateHandlers.register(registry, clients);
    }
}
