package io.ddiffusion.api.tasks;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Provider;
import io.ddiffusion.schema.texts.TextModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Which models this installation can run now: an external model needs its provider's credentials, {@code qwen-2}
 * its local server. Answered from the settings the API sees (the same variables the workers read; an API machine
 * that should not hold provider secrets names the configured providers in {@code DDIFFUSION_ENABLED_PROVIDERS}).
 */
@ApplicationScoped
public class ModelAvailability {
    @Inject
    Settings settings;

    /** Why {@code model} cannot run here, naming what to configure; empty when it can. */
    public Optional<String> unavailableReason(ModelSpec model) {
        Settings.Providers p = settings.providers();
        if (model == TextModel.QWEN_2 && p.localLlmUrl().isEmpty()) {
            return Optional.of("DDIFFUSION_LOCAL_LLM_URL is not set: qwen-2 runs on a local OpenAI-compatible server "
                    + "(see the README)");
        }
        if (model.provider() == Provider.OPENAI && !configured(p, Provider.OPENAI, p.openAiApiKey())) {
            return Optional.of("OPENAI_API_KEY is not set: the " + model.id() + " model runs on OpenAI");
        }
        if (model.provider() == Provider.REPLICATE && !configured(p, Provider.REPLICATE, p.replicateApiToken())) {
            return Optional.of("REPLICATE_API_TOKEN is not set: the " + model.id() + " model runs on Replicate");
        }
        return Optional.empty();
    }

    /**
     * A registry as {@code /models} shows it: every model by id, in registry order, with its availability.
     *
     * @param info builds a model's entry from the model and why it is unavailable (null when it is available)
     */
    public <M extends ModelSpec, I> Map<String, I> describe(M[] models, BiFunction<M, String, I> info) {
        Map<String, I> out = new LinkedHashMap<>();
        for (M m : models) {
            out.put(m.id(), info.apply(m, unavailableReason(m).orElse(null)));
        }
        return out;
    }

    private static boolean configured(Settings.Providers p, Provider provider, Optional<String> secret) {
        return secret.isPresent() || p.enabledProviders().contains(provider.id());
    }
}
