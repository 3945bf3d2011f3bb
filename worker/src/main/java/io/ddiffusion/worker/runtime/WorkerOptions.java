package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.InvalidSettingException;
import io.ddiffusion.schema.common.Queue;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * How one worker runs: which queues it serves with which concurrency and time limits, how often it heartbeats, how
 * many deliveries a task may have before it is failed, how long a shutdown waits for running tasks, how much heap
 * the decoded images of its running tasks may hold together, and whether its engines share one GPU.
 *
 * @param gpuShared whether ONNX Runtime and the ComfyUI sidecar share this worker's GPU: then one task at a time
 *     runs on it across the queues, and the engine that used it last frees its memory before the other one runs
 *     (see {@link GpuDevice})
 */
public record WorkerOptions(
        Map<Queue, QueueOptions> queues,
        Duration heartbeatInterval,
        int maxDeliveries,
        Duration shutdownGrace,
        long imageMemoryBytes,
        boolean gpuShared) {

    /** Whether the engines share the GPU; the default is worked out in {@link #gpuShared(Env, Set)}. */
    public static final String GPU_SHARED = "DDIFFUSION_GPU_SHARED";

    /** {@code DDIFFUSION_IMAGE_MEMORY_MB}; when unset, this share of the maximum heap. */
    static final double DEFAULT_IMAGE_MEMORY_SHARE = 0.5;

    /** Per-queue options: how many tasks at once, and the soft and hard time limits. */
    public record QueueOptions(int concurrency, Duration softTimeLimit, Duration hardTimeLimit) {
        public QueueOptions {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            if (hardTimeLimit.compareTo(softTimeLimit) < 0) {
                throw new IllegalArgumentException("the hard time limit must not be shorter than the soft one");
            }
        }

        /**
         * {@code DDIFFUSION_<QUEUE>_CONCURRENCY}, {@code _SOFT_TIME_LIMIT}, {@code _HARD_TIME_LIMIT}: local models
         * share one GPU, provider calls mostly wait on the network.
         */
        static QueueOptions from(Env env, Queue q) {
            int[] defaults = switch (q) {
                case GPU, COMFY -> new int[] {1, 600, 660};
                case CPU -> new int[] {256, 1800, 1860};
            };
            String p = "DDIFFUSION_" + q.name() + "_";
            int soft = env.integer(p + "SOFT_TIME_LIMIT", defaults[1]);
            int concurrency = env.integer(p + "CONCURRENCY", defaults[0]);
            int hard = env.integer(p + "HARD_TIME_LIMIT", Math.max(defaults[2], soft));
            try {
                return new QueueOptions(concurrency, Duration.ofSeconds(soft), Duration.ofSeconds(hard));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(p + "*: " + e.getMessage());
            }
        }
    }

    public WorkerOptions {
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one queue");
        }
        queues = Map.copyOf(queues);
        if (imageMemoryBytes < 1) {
            throw new IllegalArgumentException("the image memory budget must be positive");
        }
    }

    /** The options with the default image memory budget: {@value #DEFAULT_IMAGE_MEMORY_SHARE} of the heap. */
    public WorkerOptions(Map<Queue, QueueOptions> queues, Duration heartbeatInterval, int maxDeliveries,
            Duration shutdownGrace) {
        this(queues, heartbeatInterval, maxDeliveries, shutdownGrace, defaultImageMemory());
    }

    /** The options of a worker whose GPU, if any, is not shared between engines. */
    public WorkerOptions(Map<Queue, QueueOptions> queues, Duration heartbeatInterval, int maxDeliveries,
            Duration shutdownGrace, long imageMemoryBytes) {
        this(queues, heartbeatInterval, maxDeliveries, shutdownGrace, imageMemoryBytes, false);
    }

    /** These options with the GPU shared between engines, or not. */
    public WorkerOptions withGpuShared(boolean shared) {
        return new WorkerOptions(queues, heartbeatInterval, maxDeliveries, shutdownGrace, imageMemoryBytes, shared);
    }

    static long defaultImageMemory() {
        return (long) (Runtime.getRuntime().maxMemory() * DEFAULT_IMAGE_MEMORY_SHARE);
    }

    /** A heartbeat is valid this long: several missed beats before a worker counts as dead. */
    public Duration heartbeatTtl() {
        return heartbeatInterval.multipliedBy(5);
    }

    /**
     * Options from the environment for the given queues (all three in the embedded mode):
     * {@code DDIFFUSION_HEARTBEAT_MS}, {@code DDIFFUSION_MAX_DELIVERIES}, {@code DDIFFUSION_SHUTDOWN_GRACE_SECONDS},
     * {@code DDIFFUSION_IMAGE_MEMORY_MB}, {@value #GPU_SHARED} and the per-queue variables. Every queue's variables
     * are read (and checked), served or not.
     */
    public static WorkerOptions from(Env env, Set<Queue> served) {
        Map<Queue, QueueOptions> q = new EnumMap<>(Queue.class);
        for (Queue queue : Queue.values()) {
            QueueOptions options = QueueOptions.from(env, queue);
            if (served.contains(queue)) {
                q.put(queue, options);
            }
        }
        return new WorkerOptions(q, Duration.ofMillis(env.integer("DDIFFUSION_HEARTBEAT_MS", 2000, 1)),
                env.integer("DDIFFUSION_MAX_DELIVERIES", 3), Duration.ofSeconds(env.integer(
                        "DDIFFUSION_SHUTDOWN_GRACE_SECONDS", 30)), imageMemory(env), gpuShared(env, served));
    }

    /**
     * {@value #GPU_SHARED}; by default on when the worker serves the {@code gpu} queue and has a ComfyUI sidecar
     * ({@code COMFY_API_URL}). why: then both engines run on this worker, since the ONNX models and the sidecar's
     * models both come from the {@code gpu} queue (and user workflows from {@code comfy}). A worker with one engine
     * does not share: ONNX tasks keep their concurrency and ComfyUI queues its own prompts. Set it to
     * {@code false} when the sidecar has a GPU of its own.
     */
    static boolean gpuShared(Env env, Set<Queue> served) {
        boolean sidecar = ComfySettings.from(env).apiUrl().isPresent();
        return env.bool(GPU_SHARED, sidecar && served.contains(Queue.GPU));
    }

    private static long imageMemory(Env env) {
        int mb = env.integer("DDIFFUSION_IMAGE_MEMORY_MB", 0, 0);
        return mb == 0 ? defaultImageMemory() : mb * 1024L * 1024L;
    }
}
