package io.ddiffusion.app.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged distribution deployed as in production: an {@code api} process and {@code worker} processes on the
 * test Redis under a key prefix of their own, with a strong admin key and a storage folder they share. Every process
 * gets the same settings (the API its port on top). {@link #close} stops the processes it started and deletes the
 * prefix's keys.
 */
final class RedisDeployment implements AutoCloseable {
    static final String REDIS = System.getProperty("ddiffusion.test.redis", "redis://127.0.0.1:6379/0");
    private static final Duration START = Duration.ofSeconds(60);

    final String prefix = "ddtest:" + UUID.randomUUID() + ":";
    private final Path dir;
    private final Map<String, String> env;
    private final List<DistributionProcess> processes = new ArrayList<>();
    private final List<DistributionProcess> workers = new ArrayList<>();

    /** @param settings what every process gets besides the deployment's own (Redis, prefix, key, storage) */
    RedisDeployment(Path dir, Map<String, String> settings) {
        this.dir = dir;
        this.env = new HashMap<>(settings);
        env.remove("DDIFFUSION_PORT");
        env.put("DDIFFUSION_REDIS_URL", REDIS);
        env.put("DDIFFUSION_REDIS_PREFIX", prefix);
        env.put("DDIFFUSION_ADMIN_KEY", "e2e-admin-key-" + UUID.randomUUID());
        env.put("DDIFFUSION_STORAGE_DIRECTORY", dir.resolve("shared-storage").toString());
    }

    /**
     * Starts the API on a free port and one worker per entry of {@code workerQueues} (e.g. {@code "gpu"}; named
     * w1, w2, …) at once, and waits until all are up; returns the API.
     */
    DistributionProcess start(String... workerQueues) throws Exception {
        Map<String, String> apiEnv = new HashMap<>(env);
        apiEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        DistributionProcess api = track(DistributionProcess.start(dir.resolve("api"), apiEnv, "api"));
        List<DistributionProcess> started = new ArrayList<>();
        for (String queues : workerQueues) {
            started.add(startWorker("w" + (workers.size() + 1), queues));
        }
        api.awaitHealthy(START);
        for (DistributionProcess w : started) {
            w.awaitOutput("ready", START);
        }
        return api;
    }

    /** Starts one more API process on a free port in its own folder and waits until it answers. */
    DistributionProcess api(String name) throws Exception {
        Map<String, String> apiEnv = new HashMap<>(env);
        apiEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        return track(DistributionProcess.start(dir.resolve(name), apiEnv, "api")).awaitHealthy(START);
    }

    /** Starts one more worker of {@code queues} in its own folder and waits until it is ready. */
    DistributionProcess worker(String name, String queues) throws Exception {
        return startWorker(name, queues).awaitOutput("ready", START);
    }

    /** The workers started so far, in start order. */
    List<DistributionProcess> workers() {
        return List.copyOf(workers);
    }

    private DistributionProcess startWorker(String name, String queues) throws Exception {
        DistributionProcess w = track(DistributionProcess.start(dir.resolve(name), env, "worker", "--queues",
                queues));
        workers.add(w);
        return w;
    }

    /** A client of {@code api} holding the deployment's admin key. */
    E2eClient client(DistributionProcess api) {
        return new E2eClient(api, env.get("DDIFFUSION_ADMIN_KEY"));
    }

    private DistributionProcess track(DistributionProcess p) {
        processes.add(p);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            for (DistributionProcess p : processes.reversed()) {
                p.close();
            }
        } finally {
            DistributionIT.deleteKeys(prefix);
        }
    }
}
