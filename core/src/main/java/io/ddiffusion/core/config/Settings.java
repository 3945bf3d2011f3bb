package io.ddiffusion.core.config;

import io.ddiffusion.schema.common.Queue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of the system, read from environment variables with the original's names (README lists them all).
 * Built from a lookup function so the Quarkus API (MicroProfile Config: env, system properties, profiles) and the
 * plain worker process (env and system properties) read the same names the same way.
 */
public record Settings(
        Optional<String> redisUrl,
        String redisPrefix,
        Optional<String> adminKey,
        Optional<String> signingKey,
        Path dataDir,
        Path storageDirectory,
        String storageAddress,
        int port,
        Duration signedUrlExpiry,
        int taskBacklogLimit,
        Duration resultRetention,
        boolean enableMcp,
        long maxBodyBytes,
        long maxImagePixels,
        Map<Queue, QueueSettings> queues,
        Duration heartbeatInterval,
        int maxDeliveries,
        Duration shutdownGrace,
        Optional<String> handlerPlugins,
        Providers providers) {

    /**
     * External providers: credentials (never logged), base URLs (mirrors, proxies, compatible servers), the local
     * OpenAI-compatible server for {@code qwen-2}, and whether downloads may reach private addresses.
     */
    public record Providers(
            Optional<String> openAiApiKey,
            String openAiBaseUrl,
            Optional<String> replicateApiToken,
            String replicateBaseUrl,
            Optional<String> localLlmUrl,
            String localLlmModel,
            Optional<String> localLlmApiKey,
            boolean allowPrivateDownloads,
            long maxDownloadBytes,
            java.util.Set<String> enabledProviders) {

        @Override
        public String toString() {
            return "Providers[openAi=" + (openAiApiKey.isPresent() ? "set" : "unset") + ", replicate="
                    + (replicateApiToken.isPresent() ? "set" : "unset") + ", localLlm=" + localLlmUrl.orElse("unset")
                    + "]";
        }
    }

    /** Per-queue worker settings: how many tasks at once, and the soft and hard time limits. */
    public record QueueSettings(int concurrency, Duration softTimeLimit, Duration hardTimeLimit) {
        public QueueSettings {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            if (hardTimeLimit.compareTo(softTimeLimit) < 0) {
                throw new IllegalArgumentException("the hard time limit must not be shorter than the soft one");
            }
        }
    }

    public static final int MIN_ADMIN_KEY_LENGTH = 32;

    @Override
    public String toString() {
        // why: settings hold secrets (admin key, provider tokens); never print them
        return "Settings[distributed=" + distributed() + ", dataDir=" + dataDir + ", storage=" + storageDirectory
                + ", port=" + port + ", " + providers + "]";
    }

    /** Whether a broker URL is set: then API and workers share Redis, otherwise everything runs in one process. */
    public boolean distributed() {
        return redisUrl.isPresent();
    }

    public QueueSettings queue(Queue q) {
        return queues.get(q);
    }

    /** Reads every setting through {@code lookup} (name → value), applying the documented defaults. */
    public static Settings from(Function<String, Optional<String>> lookup) {
        Reader r = new Reader(lookup);
        Path dataDir = Path.of(r.string("DDIFFUSION_DATA_DIR", "data"));
        int port = r.integer("DDIFFUSION_PORT", 5000);
        Map<Queue, QueueSettings> queues = new EnumMap<>(Queue.class);
        queues.put(Queue.GPU, r.queue(Queue.GPU, 1, 600, 660));
        queues.put(Queue.COMFY, r.queue(Queue.COMFY, 1, 600, 660));
        queues.put(Queue.CPU, r.queue(Queue.CPU, 256, 1800, 1860));
        return new Settings(
                r.optional("DDIFFUSION_REDIS_URL"),
                r.string("DDIFFUSION_REDIS_PREFIX", "dd:"),
                r.optional("DDIFFUSION_ADMIN_KEY"),
                r.optional("DDIFFUSION_SIGNING_KEY"),
                dataDir,
                Path.of(r.string("DDIFFUSION_STORAGE_DIRECTORY", dataDir.resolve("storage").toString())),
                r.string("DDIFFUSION_STORAGE_ADDRESS", "http://127.0.0.1:" + port),
                port,
                Duration.ofSeconds(r.integer("SIGNED_URL_EXPIRY_SECONDS", 3600)),
                r.integer("TASK_BACKLOG_LIMIT", 100),
                Duration.ofDays(r.integer("RESULT_EXPIRES_DAYS", 30)),
                r.bool("ENABLE_MCP", true),
                r.integer("DDIFFUSION_MAX_BODY_MB", 256) * 1024L * 1024L,
                r.integer("DDIFFUSION_MAX_IMAGE_MEGAPIXELS", 64) * 1_000_000L,
                queues,
                Duration.ofMillis(r.integer("DDIFFUSION_HEARTBEAT_MS", 2000)),
                r.integer("DDIFFUSION_MAX_DELIVERIES", 3),
                Duration.ofSeconds(r.integer("DDIFFUSION_SHUTDOWN_GRACE_SECONDS", 30)),
                r.optional("DDIFFUSION_HANDLER_PLUGINS"),
                new Providers(
                        r.optional("OPENAI_API_KEY"),
                        r.string("OPENAI_BASE_URL", "https://api.openai.com/v1"),
                        r.optional("REPLICATE_API_TOKEN"),
                        r.string("REPLICATE_BASE_URL", "https://api.replicate.com/v1"),
                        r.optional("DDIFFUSION_LOCAL_LLM_URL"),
                        r.string("DDIFFUSION_LOCAL_LLM_MODEL", "Qwen/Qwen2.5-VL-3B-Instruct"),
                        r.optional("DDIFFUSION_LOCAL_LLM_API_KEY"),
                        r.bool("DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", false),
                        r.integer("DDIFFUSION_MAX_DOWNLOAD_MB", 2048) * 1024L * 1024L,
                        r.list("DDIFFUSION_ENABLED_PROVIDERS")));
    }

    /** Settings from the process environment, with JVM system properties of the same names taking precedence. */
    public static Settings fromEnvironment() {
        return from(name -> Optional.ofNullable(System.getProperty(name)).or(() -> Optional.ofNullable(
                System.getenv(name))));
    }

    private record Reader(Function<String, Optional<String>> lookup) {
        Optional<String> optional(String name) {
            return lookup.apply(name).map(String::trim).filter(s -> !s.isEmpty());
        }

        java.util.Set<String> list(String name) {
            return optional(name).map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim)
                    .map(x -> x.toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty())
                    .collect(java.util.stream.Collectors.toUnmodifiableSet())).orElse(java.util.Set.of());
        }

        String string(String name, String def) {
            return optional(name).orElse(def);
        }

        int integer(String name, int def) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return def;
            }
            try {
                int n = Integer.parseInt(v.get());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(name + " must be a non-negative whole number, got '" + v.get() + "'");
            }
        }

        boolean bool(String name, boolean def) {
            return optional(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new InvalidSettingException(name + " must be true or false, got '" + v + "'");
            }).orElse(def);
        }

        QueueSettings queue(Queue q, int concurrency, int soft, int hard) {
            String p = "DDIFFUSION_" + q.name() + "_";
            int s = integer(p + "SOFT_TIME_LIMIT", soft);
            try {
                return new QueueSettings(integer(p + "CONCURRENCY", concurrency), Duration.ofSeconds(s),
                        Duration.ofSeconds(integer(p + "HARD_TIME_LIMIT", Math.max(hard, s))));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(p + "*: " + e.getMessage());
            }
        }
    }
}
