package io.ddiffusion.worker.builtin;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.worker.images.local.LocalRuntime;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.providers.ProviderClients;
import io.ddiffusion.worker.providers.openai.OpenAiClient;
import io.ddiffusion.worker.providers.replicate.ReplicateClient;
import io.ddiffusion.worker.runtime.HandlerProvider;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.runtime.Prerequisite;
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
    public void register(HandlerRegistry.Builder registry, Settings settings) {
        Services services = services(settings);
        for (Class<? extends ModelHandler> type : handlerClasses()) {
            Services.Built<? extends ModelHandler> built = services.build(type);
            registry.register(built.instance(), built.services().stream().filter(Prerequisite.class::isInstance)
                    .map(Prerequisite.class::cast).toList());
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
    static Services services(Settings settings) {
        Services s = new Services();
        s.offer(Settings.class, () -> settings)
                .offer(Settings.Providers.class, settings::providers)
                .offer(Settings.Models.class, settings::models)
                .offer(Settings.Models.Pipelines.class, () -> settings.models().pipelines())
                .offer(ProviderClients.class, () -> ProviderClients.create(settings.providers()));
        s.offer(ReplicateClient.class, () -> new ReplicateClient(s.shared(ProviderClients.class)))
                .offer(OpenAiClient.class, () -> OpenAiClient.openAi(s.shared(ProviderClients.class)))
                .offer(LocalRuntime.class, () -> new LocalRuntime(LocalRuntime.Weights.of(ModelWeights.from(
                        settings.models())), settings.models().onnxDevice(), settings.models().memoryBytes(),
                        LOG::info));
        return s;
    }
}
