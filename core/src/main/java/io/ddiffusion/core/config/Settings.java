package io.ddiffusion.core.config;

import io.ddiffusion.schema.common.Queue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        Providers providers,
        Models models) {

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

    /**
     * Local models: the Hugging Face Hub variables {@code huggingface_hub} reads (so Python tools and workers share one
     * cache), whether a task may download missing weights, where ONNX Runtime runs, and its memory budget.
     *
     * @param hfEndpoint the Hub or a mirror ({@code HF_ENDPOINT})
     * @param hfToken a Hub token for gated or private repos ({@code HF_TOKEN}); never printed
     * @param hubCache the cache folder: {@code HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else
     *     {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}
     * @param offline {@code HF_HUB_OFFLINE}: no network at all, the cache only
     * @param downloads {@code DDIFFUSION_MODEL_DOWNLOADS}: whether a task may download missing weights before it runs
     * @param onnxDevice {@code DDIFFUSION_ONNX_DEVICE}: where ONNX Runtime runs
     * @param memoryBytes {@code DDIFFUSION_MODEL_MEMORY_MB} in bytes: the budget for loaded models, 0 = automatic
     * @param downloadStallTimeout {@code DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS}: a download that receives no byte for
     *     this long is abandoned (and resumed by the next attempt)
     */
    public record Models(
            String hfEndpoint,
            Optional<String> hfToken,
            Path hubCache,
            boolean offline,
            boolean downloads,
            OnnxDevice onnxDevice,
            long memoryBytes,
            Duration downloadStallTimeout,
            Pipelines pipelines) {

        /**
         * Knobs of the local pipelines; the worker checks their values when it registers the handlers.
         *
         * @param depthPngBits {@code DDIFFUSION_DEPTH_PNG_BITS}: 16 (default) or 8 like the original
         * @param esrganTileSize {@code DDIFFUSION_ESRGAN_TILE_SIZE}: tile side for exports that take any size
         * @param esrganTileOverlap {@code DDIFFUSION_ESRGAN_TILE_OVERLAP}: pixels neighbouring tiles share
         * @param esrganMaxOutputPixels {@code DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS}: the largest upscaled image
         * @param sdxlScheduler {@code DDIFFUSION_SDXL_SCHEDULER}: the sd-xl sampler
         */
        public record Pipelines(int depthPngBits, int esrganTileSize, int esrganTileOverlap,
                long esrganMaxOutputPixels, String sdxlScheduler) {
        }

        /** The default Hub endpoint. */
        public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

        /** Where ONNX Runtime runs: CUDA when usable ({@code auto}), or forced. */
        public enum OnnxDevice { AUTO, CPU, CUDA }

        /** Reads the local-model settings alone, e.g. for the {@code models} commands. */
        public static Models from(Function<String, Optional<String>> lookup) {
            return read(new Reader(lookup));
        }

        private static Models read(Reader r) {
            String endpoint = r.string("HF_ENDPOINT", DEFAULT_ENDPOINT);
            if (!endpoint.matches("(?i)https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
                throw new InvalidSettingException("HF_ENDPOINT must be an http(s) URL, got '" + endpoint + "'");
            }
            Path home = r.optional("HF_HOME").map(Path::of).orElseGet(() -> r.optional("XDG_CACHE_HOME").map(Path::of)
                    .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache")).resolve("huggingface"));
            String device = r.string("DDIFFUSION_ONNX_DEVICE", "auto");
            OnnxDevice onnxDevice = java.util.Arrays.stream(OnnxDevice.values())
                    .filter(d -> d.name().equalsIgnoreCase(device)).findFirst()
                    .orElseThrow(() -> new InvalidSettingException(
                            "DDIFFUSION_ONNX_DEVICE must be auto, cpu or cuda, got '" + device + "'"));
            int stall = r.integer("DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS", 60);
            if (stall < 1) {
                throw new InvalidSettingException("DDIFFUSION_MODEL_DOWNLOAD_STALL_SECONDS must be at least 1");
            }
            return new Models(endpoint.replaceAll("/+$", ""), r.optional("HF_TOKEN"),
                    r.optional("HF_HUB_CACHE").map(Path::of).orElseGet(() -> home.resolve("hub")),
                    // why: huggingface_hub's own rule (1/true/yes/on, anything else is off), so both agree
                    r.optional("HF_HUB_OFFLINE").map(v -> Set.of("1", "true", "yes", "on")
                            .contains(v.toLowerCase(Locale.ROOT))).orElse(false),
                    r.bool("DDIFFUSION_MODEL_DOWNLOADS", true), onnxDevice,
                    r.integer("DDIFFUSION_MODEL_MEMORY_MB", 0) * 1024L * 1024L, Duration.ofSeconds(stall),
                    new Pipelines(r.integer("DDIFFUSION_DEPTH_PNG_BITS", 16),
                            r.integer("DDIFFUSION_ESRGAN_TILE_SIZE", 512),
                            r.integer("DDIFFUSION_ESRGAN_TILE_OVERLAP", 16),
                            r.integer("DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS", 8192 * 8192),
                            r.string("DDIFFUSION_SDXL_SCHEDULER", "euler")));
        }

        @Override
        public String toString() {
            return "Models[endpoint=" + hfEndpoint + ", token=" + (hfToken.isPresent() ? "set" : "unset") + ", cache="
                    + hubCache + ", offline=" + offline + ", downloads=" + downloads + ", device=" + onnxDevice + "]";
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
                        r.list("DDIFFUSION_ENABLED_PROVIDERS")),
                Models.read(r));
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
