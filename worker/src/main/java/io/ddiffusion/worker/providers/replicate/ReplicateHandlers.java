package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.worker.images.ImageHandler;
import io.ddiffusion.worker.images.ImageTaskHandler;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.replicate.images.Flux1Pro;
import io.ddiffusion.worker.providers.replicate.images.Flux2Pro;
import io.ddiffusion.worker.providers.replicate.images.Gemini2;
import io.ddiffusion.worker.providers.replicate.images.Gemini3;
import io.ddiffusion.worker.providers.replicate.images.RunwayGen4;
import io.ddiffusion.worker.providers.replicate.images.Seedream4;
import io.ddiffusion.worker.providers.replicate.images.TopazlabsUpscale;
import io.ddiffusion.worker.providers.replicate.videos.Hailuo2;
import io.ddiffusion.worker.providers.replicate.videos.Kling2;
import io.ddiffusion.worker.providers.replicate.videos.RunwayUpscale;
import io.ddiffusion.worker.providers.replicate.videos.Seedance1;
import io.ddiffusion.worker.providers.replicate.videos.Veo3;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.videos.VideoHandler;
import io.ddiffusion.worker.videos.VideoTaskHandler;
import java.util.List;

/**
 * Registers the Replicate models. They are registered whether or not a token is set: without one a task fails at
 * once with "REPLICATE_API_TOKEN is not set on this worker" instead of waiting for a worker that has one.
 */
public final class ReplicateHandlers {
    private ReplicateHandlers() {
    }

    public static void register(HandlerRegistry.Builder registry, ProviderClients clients) {
        ReplicateClient client = new ReplicateClient(clients);
        for (ImageHandler h : images(client)) {
            registry.register(h.model().taskName(), new ImageTaskHandler(h));
        }
        for (VideoHandler h : videos(client)) {
            registry.register(h.model().taskName(), new VideoTaskHandler(h));
        }
    }

    static List<ImageHandler> images(ReplicateClient client) {
        return List.of(new Flux1Pro(client), new Flux2Pro(client), new RunwayGen4(client), new Gemini2(client),
                new Gemini3(client), new Seedream4(client), new TopazlabsUpscale(client));
    }

    static List<VideoHandler> videos(ReplicateClient client) {
        return List.of(new io.ddiffusion.worker.providers.replicate.videos.RunwayGen4(client),
                new RunwayUpscale(client), new Seedance1(client), new Kling2(client), new Veo3(client),
                new Hailuo2(client));
    }
}
