package io.ddiffusion.worker.workflows.comfy;

import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.schema.images.ImageModel;
import io.ddiffusion.schema.videos.VideoModel;
import io.ddiffusion.worker.images.local.comfy.ComfyImageModels;
import io.ddiffusion.worker.images.local.comfy.Flux1;
import io.ddiffusion.worker.images.local.comfy.Flux1OnComfy;
import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.runtime.HandlerProvider;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.videos.local.comfy.ComfyVideoModels;
import io.ddiffusion.worker.videos.local.comfy.Wan2;
import io.ddiffusion.worker.videos.local.comfy.Wan2OnComfy;
import java.util.List;
import java.util.Map;

/**
 * A test plugin for the real distribution: with {@value #VARIABLE} set, {@code flux-1} and {@code wan-2} are served
 * by their real handlers and engine, over manifests pinned to {@link StandInWeights} (the build's own pins are not
 * complete, so the real files could not be pulled). Without it, it registers nothing. Ranks above the echo plugin.
 */
public final class StandInComfyProvider implements HandlerProvider {
    public static final String VARIABLE = "STAND_IN_COMFY_MODELS";

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public void register(HandlerRegistry.Builder registry, Env env) {
        if (env == null || env.optional(VARIABLE).isEmpty()) {
            return;
        }
        ComfySidecar sidecar = new ComfySidecar(ComfySettings.from(env), Map.of(
                ImageModel.FLUX_1, ComfyImageModels.graphs(ImageModel.FLUX_1),
                VideoModel.WAN_2, ComfyVideoModels.graphs(VideoModel.WAN_2)));
        ComfyModelFiles files = new ComfyModelFiles(ModelWeights.from(LocalModelSettings.from(env)), List.of(
                StandInWeights.pinned(Flux1.MODEL), StandInWeights.pinned(Wan2.MODEL)));
        ComfyModelRun engine = new ComfyModelRun(sidecar, files);
        registry.replace(ImageModel.FLUX_1.taskName(), new Flux1OnComfy(engine).taskHandler());
        registry.replace(VideoModel.WAN_2.taskName(), new Wan2OnComfy(engine).taskHandler());
    }
}
