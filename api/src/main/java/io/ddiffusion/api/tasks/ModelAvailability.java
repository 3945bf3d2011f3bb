package io.ddiffusion.api.tasks;

import io.ddiffusion.core.config.Settings;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Provider;
import io.ddiffusion.schema.texts.TextModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

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

    public String reasonOrNull(ModelSpec model) {
        return unavailableReason(model).orElse(null);
    }

    private static boolean configured(Settings.Providers p, Provider provider, Optional<String> secret) {
        return secret.isPresent() || p.enabledProviders().contains(provider.id());
    }
}
