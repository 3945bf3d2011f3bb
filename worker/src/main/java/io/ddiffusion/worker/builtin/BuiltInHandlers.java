package io.ddiffusion.worker.builtin;

import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.openai.OpenAiClient;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.runtime.GpuEngine;
import io.ddiffusion.worker.runtime.HandlerProvider;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.runtime.Prerequisite;
import io.ddiffusion.worker.workflows.comfy.ComfyModelFiles;
import io.ddiffusion.worker.workflows.comfy.ComfyModelRun;
import io.ddiffusion.worker.workflows.comfy.ComfySidecar;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Registers every {@link ModelHandler} of the build, each under its model's task name, built from the services
 * below. Adding a model is its registry entry and its handler class; nothing here changes unless the model needs a
 * service no handler had before.
 */
public final class BuiltInHandlers implements HandlerProvider {
    private static final Logger LOG = Logger.getLogger(BuiltInHandlers.class);

    @Override
    public void register(HandlerRegistry.Builder registry, Env env) {
        Services services = services(env);
        for (Class<? extends ModelHandler> type : handlerClasses()) {
            Services.Built<? extends ModelHandler> built = services.build(type);
            // why: a handler's engine is the service it runs its models on, so no handler has to declare it
            registry.register(built.instance(), built.services().stream().filter(Prerequisite.class::isInstance)
                    .map(Prerequisite.class::cast).toList(), built.services().stream()
                    .filter(GpuEngine.class::isInstance).map(GpuEngine.class::cast).findFirst());
        }
        services.made(LocalRuntime.class).forEach(runtime -> registry.modelStatus(new HandlerRegistry.ModelStatus() {
            @Override
            public List<String> loadedModels() {
                return runtime.loadedModels();
            }

            @Override
            public Optional<String> device() {
                return runtime.started() ? Optional.of(runtime.device().name().toLowerCase(Locale.ROOT))
                        : Optional.empty();
            }
        }));
    }

    /** Every handler class of the build, by name. */
    public static List<Class<? extends ModelHandler>> handlerClasses() {
        return HandlerClasses.find(BuiltInHandlers.class.getClassLoader());
    }

    /** What handlers' constructors may ask for. */
    static Services services(Env env) {
        Services s = new Services();
        s.offer(Env.class, () -> env)
                .offer(ProviderSettings.class, () -> ProviderSettings.from(env))
                .offer(LocalModelSettings.class, () -> LocalModelSettings.from(env))
                .offer(LocalPipelineSettings.class, () -> LocalPipelineSettings.from(env))
                .offer(ComfySettings.class, () -> ComfySettings.from(env));
        s.offer(ComfySidecar.class, () -> new ComfySidecar(s.shared(ComfySettings.class),
                BuiltInModels.comfyGraphs(), BuiltInModels.comfyFiles()));
        s.offer(ComfyModelRun.class, () -> new ComfyModelRun(s.shared(ComfySidecar.class), new ComfyModelFiles(
                ModelWeights.from(s.shared(LocalModelSettings.class)), BuiltInModels.COMFY)));
        s.offer(ProviderClients.class, () -> ProviderClients.create(s.shared(ProviderSettings.class)))
                .offer(ReplicateClient.class, () -> new ReplicateClient(s.shared(ProviderClients.class)))
                .offer(OpenAiClient.class, () -> OpenAiClient.openAi(s.shared(ProviderClients.class)))
                .offer(LocalRuntime.class, () -> {
                    LocalModelSettings models = s.shared(LocalModelSettings.class);
                    return new LocalRuntime(LocalRuntime.Weights.of(ModelWeights.from(models)), models.onnxDevice(),
                            models.memoryBytes(), LOG::info);
                });
        return s;
    }
}
