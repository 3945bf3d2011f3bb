package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.runtime.HandlerRegistry;

/** Registers the Replicate models. */
public final class ReplicateHandlers {
    private ReplicateHandlers() {
    }

    public static void register(HandlerRegistry.Builder registry, ProviderClients clients) {
        // handlers are added here as they are implemented
    }
}
