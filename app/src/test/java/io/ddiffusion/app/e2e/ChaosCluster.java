package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.redis.RedisServerProcess;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One installation of the real distribution for a chaos test: a private {@code redis-server} with an append-only
 * file fsynced on every write, an API process and worker processes of the cpu queue (where the Replicate handlers
 * run) with short heartbeats, and the Replicate emulator as the provider. Every process is the packaged
 * distribution, driven over HTTP and with signals only. {@link #close} kills what is left and deletes the keys.
 */
final class ChaosCluster implements AutoCloseable {
    /** The model every chaos task runs: an external image model on the cpu queue. */
    static final String MODEL = "flux-1-pro";
    /** Its official model on Replicate, as the emulator counts its predictions. */
    static final String REPLICATE_MODEL = "black-forest-labs/flux-1.1-pro";
    /** Worker heartbeat; a worker silent for five beats (2.5 s) is dead. */
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final Duration HEARTBEAT_TTL = HEARTBEAT.multipliedBy(5);
    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern WORKER_ID = Pattern.compile("Worker (\\S+) ready");

    final RedisServerProcess redis;
    final ReplicateEmulator replicate;
    final String prefix;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<DistributionProcess> processes = new ArrayList<>();
    /** The workers by id, in start order. */
    private final Map<String, DistributionProcess> workers = new LinkedHashMap<>();
    private DistributionProcess api;
    private E2eClient client;

    private ChaosCluster(Path dir, String scenario, RedisServerProcess redis, ReplicateEmulator replicate) {
        this.dir = dir;
        this.prefix = "ddchaos:" + scenario + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
        this.redis = redis;
        this.replicate = replicate;
    }

    /**
     * A private Redis (the given options on top of AOF, fsync always, no RDB) and the emulator; no process yet. The
     * scenario names the key prefix and the folder of target/chaos-logs where the processes' logs are kept.
     */
    static ChaosCluster create(Path dir, String scenario, String... redisOptions) throws IOException {
        List<String> options = new ArrayList<>(List.of("--appendonly", "yes", "--appendfsync", "always", "--save",
                ""));
        options.addAll(List.of(redisOptions));
        RedisServerProcess redis = RedisServerProcess.start(options.toArray(String[]::new));
        try {
            ChaosCluster c = new ChaosCluster(dir, scenario, redis, new ReplicateEmulator());
            c.env.put("DDIFFUSION_REDIS_URL", redis.url());
            c.env.put("DDIFFUSION_REDIS_PREFIX", c.prefix);
            c.env.put("DDIFFUSION_ADMIN_KEY", "chaos-admin-key-" + UUID.randomUUID());
            c.env.put("DDIFFUSION_HEARTBEAT_MS", String.valueOf(HEARTBEAT.toMillis()));
            c.env.put("DDIFFUSION_STORAGE_DIRECTORY", dir.resolve("shared-storage").toString());
            c.env.put("REPLICATE_API_TOKEN", ReplicateEmulator.TOKEN);
            c.env.put("REPLICATE_BASE_URL", c.replicate.baseUrl());
            c.env.put("DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", "true");
            return c;
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** Starts the API and {@code workers} worker processes at once, waits until all are ready, makes an API key. */
    ChaosCluster start(int workerCount) throws Exception {
        Map<String, String> apiEnv = new HashMap<>(env);
        apiEnv.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        api = track(DistributionProcess.start(dir.resolve("api"), apiEnv, "api"));
        List<DistributionProcess> started = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            started.add(track(DistributionProcess.start(dir.resolve("w" + i), env, "worker", "--queues", "cpu")));
        }
        api.awaitHealthy(START);
        for (DistributionProcess w : started) {
            w.awaitOutput(" ready", START);
            Matcher m = WORKER_ID.matcher(w.output());
            assertThat(m.find()).as("worker id in its log").isTrue();
            workers.put(m.group(1), w);
        }
        client = new E2eClient(api, env.get("DDIFFUSION_ADMIN_KEY"));
        client.newKey("chaos");
        return this;
    }

    private DistributionProcess track(DistributionProcess p) {
        processes.add(p);
        return p;
    }

    E2eClient client() {
        return client;
    }

    Map<String, DistributionProcess> workers() {
        return workers;
    }

    DistributionProcess worker(String id) {
        return workers.get(id);
    }

    /** Submits an image task for {@link #MODEL} with this prompt; the answer, whatever it is. */
    HttpResponse<String> post(String prompt) throws Exception {
        return client.post("images", Map.of("model", MODEL, "prompt", prompt));
    }

    /** Submits and expects 202; returns the task id. */
    String submit(String prompt) throws Exception {
        return client.submit("images", Map.of("model", MODEL, "prompt", prompt));
    }

    /** The task as the API shows it, or empty while the API cannot answer (503 during a broker outage). */
    Optional<JsonNode> task(String id) {
        try {
            HttpResponse<String> r = client.get("/api/images/" + id, client.key());
            if (r.statusCode() == 503) {
                return Optional.empty();
            }
            assertThat(r.statusCode()).as("GET task %s: %s", id, r.body()).isEqualTo(200);
            return Optional.of(E2eClient.JSON.readTree(r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tasks by id, each as the API shows it now; fails if the API cannot answer. */
    Map<String, JsonNode> tasks(List<String> ids) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String id : ids) {
            out.put(id, task(id).orElseThrow(() -> new AssertionError("the API did not answer for " + id)));
        }
        return out;
    }

    /** The tasks, once each is running and has recorded its prediction; returns them with the worker running each. */
    Map<String, String> awaitRunningWithPrediction(List<String> ids, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Map<String, String> owners = new LinkedHashMap<>();
        while (owners.size() < ids.size()) {
            for (String id : ids) {
                if (owners.containsKey(id)) {
                    continue;
                }
                Optional<JsonNode> t = task(id);
                // why: the log line comes after the prediction id is checkpointed in the task
                if (t.isPresent() && t.get().get("status").asText().equals("STARTED")
                        && t.get().get("logs").toString().contains("Replicate prediction p")) {
                    owners.put(id, t.get().get("task_info").get("worker").asText());
                }
            }
            if (owners.size() < ids.size()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("only " + owners.size() + " of " + ids.size() + " tasks running with "
                            + "their prediction after " + timeout + "\n" + logs());
                }
                Thread.sleep(200);
            }
        }
        return owners;
    }

    /**
     * Waits until every task has left PENDING, RECEIVED and STARTED, tolerating the API's 503 while the broker is
     * away, and returns them; fails naming the tasks still unfinished (stuck) after {@code timeout}.
     */
    Map<String, JsonNode> awaitFinished(List<String> ids, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> done = new LinkedHashMap<>();
        while (true) {
            Map<String, String> open = new LinkedHashMap<>();
            for (String id : ids) {
                if (done.containsKey(id)) {
                    continue;
                }
                Optional<JsonNode> t = task(id);
                String status = t.map(n -> n.get("status").asText()).orElse("(API unavailable)");
                if (status.matches("PENDING|RECEIVED|STARTED|\\(API unavailable\\)")) {
                    open.put(id, status);
                } else {
                    done.put(id, t.get());
                }
            }
            if (open.isEmpty()) {
                return done;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(open.size() + " of " + ids.size() + " accepted tasks not finished after "
                        + timeout + ": " + open + "\n" + logs());
            }
            Thread.sleep(250);
        }
    }

    /** Predictions created per prompt: one entry per task that reached the provider. */
    Map<String, Long> predictionsPerPrompt() {
        return replicate.createdBy(REPLICATE_MODEL, "prompt");
    }

    /** Makes the prediction of the task with this prompt finish at its next poll. */
    void finish(String prompt) {
        replicate.finishNow(REPLICATE_MODEL, "prompt", prompt);
    }

    /** Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to the process. */
    static void signal(DistributionProcess p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, p.pid()).isZero();
    }

    /** The tail of every process' log, for failure messages. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (DistributionProcess p : processes) {
            try {
                String out = p.output();
                sb.append("---- ").append(p == api ? "api" : "worker pid " + p.pid()).append(" ----\n")
                        .append(out, Math.max(0, out.length() - 6000), out.length()).append('\n');
            } catch (IOException e) {
                sb.append("(no log: ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    /**
     * Kills every process at once (a worker's graceful stop would wait for its running tasks), resuming stopped
     * ones first so nothing is left frozen; deletes this installation's keys and stops Redis and the emulator.
     */
    @Override
    public void close() {
        saveLogs();
        for (DistributionProcess p : processes) {
            try {
                if (p.isAlive()) {
                    signal(p, "CONT");
                    p.kill();
                }
            } catch (Exception e) {
                // why: go on with the others; a leftover process is reported by the next assertion that needs it
            }
        }
        try {
            deleteKeys();
        } catch (RuntimeException e) {
            // why: the server and its data directory go away next anyway
        }
        redis.close();
        replicate.close();
    }

    /** Copies every process' log to target/chaos-logs/&lt;prefix&gt;, so a failure can be read after the run. */
    private void saveLogs() {
        Path to = Path.of("target", "chaos-logs", prefix.replace(":", "-"));
        try {
            Files.createDirectories(to);
            for (int i = 0; i < processes.size(); i++) {
                DistributionProcess p = processes.get(i);
                Files.writeString(to.resolve((p == api ? "api" : "worker-" + i + "-" + p.pid()) + ".log"),
                        p.output());
            }
        } catch (IOException e) {
            // why: the logs are a debugging aid; the test's own result stands without them
        }
    }

    private void deleteKeys() {
        RedisClient c = RedisClient.create(redis.url());
        c.setDefaultTimeout(Duration.ofSeconds(5));
        try (var conn = c.connect()) {
            var cmd = conn.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = cmd.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    cmd.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            c.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
