package io.ddiffusion.core.config;

import java.util.Optional;
import java.util.Set;

/**
 * External providers: credentials (never printed), base URLs (mirrors, proxies, compatible servers), the local
 * OpenAI-compatible server for {@code qwen-2}, how provider outputs may be downloaded, and which providers an API
 * machine without secrets may treat as configured while no worker can say.
 */
public record ProviderSettings(
        Optional<String> openAiApiKey,
        String openAiBaseUrl,
        Optional<String> replicateApiToken,
        String replicateBaseUrl,
        Optional<String> localLlmUrl,
        String localLlmModel,
        Optional<String> localLlmApiKey,
        boolean allowPrivateDownloads,
        long maxDownloadBytes,
        Set<String> enabledProviders) {

    public static ProviderSettings from(Env env) {
        return new ProviderSettings(
                env.optional("OPENAI_API_KEY"),
                env.string("OPENAI_BASE_URL", "https://api.openai.com/v1"),
                env.optional("REPLICATE_API_TOKEN"),
                env.string("REPLICATE_BASE_URL", "https://api.replicate.com/v1"),
                env.optional("DDIFFUSION_LOCAL_LLM_URL"),
                env.string("DDIFFUSION_LOCAL_LLM_MODEL", "Qwen/Qwen2.5-VL-3B-Instruct"),
                env.optional("DDIFFUSION_LOCAL_LLM_API_KEY"),
                env.bool("DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", false),
                env.integer("DDIFFUSION_MAX_DOWNLOAD_MB", 2048) * 1024L * 1024L,
                env.list("DDIFFUSION_ENABLED_PROVIDERS"));
    }

    @Override
    public String toString() {
        return "ProviderSettings[openAi=" + (openAiApiKey.isPresent() ? "set" : "unset") + ", replicate="
                + (replicateApiToken.isPresent() ? "set" : "unset") + ", localLlm=" + localLlmUrl.orElse("unset")
                + "]";
    }
}
