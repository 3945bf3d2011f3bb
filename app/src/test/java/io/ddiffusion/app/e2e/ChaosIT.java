package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.redis.RedisServerProcess;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Output;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Plan;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite of issue 10, on the real packaged distribution: an API process and two worker processes on a
 * private Redis with AOF, every task a real Replicate handler task (flux-1-pro on the cpu queue) against the emulator,
 * which counts the predictions created for each task's prompt. Each scenario breaks something at process level
 * (SIGKILL, SIGTERM, SIGSTOP) and asserts: no accepted task lost, none stuck (each finishes within a bound), none run
 * by a second worker while its owner lived, and no second prediction for any task, also after a takeover. The
 * processes' logs are kept in target/chaos-logs. About two minutes on two cores, most of it starting processes.
 */
class ChaosIT {
    private static final Duration RUNNING = Duration.ofSeconds(45);
    private static final Duration FINISHED = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ChaosCluster cluster;

    @BeforeEach
    void needsRedisServer() {
        Assumptions.assumeTrue(RedisServerProcess.available(), "redis-server is not installed");
    }

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWorkerKilledUnderLoadCostsNoSecondPrediction() throws Exception {
        cluster = ChaosCluster.create(dir, "kill").start(2);
        cluster.replicate.plan(Plan.succeed(Output.PNG).after(Duration.ofSeconds(10)));
        List<String> ids = submit("kill", 30);
        Map<String, String> owners = cluster.awaitRunningWithPrediction(ids, RUNNING);
        String victim = busiest(owners);
        String survivor = other(victim);
        assertThat(owners).as("both workers hold tasks before the kill").containsValue(survivor);

        cluster.worker(victim).kill();

        Map<String, JsonNode> done = cluster.awaitFinished(ids, FINISHED);
        for (String id : ids) {
            JsonNode t = done.get(id);
            assertThat(t.get("status").asText()).as("%s: %s", id, t).isEqualTo("SUCCESS");
            assertThat(t.get("task_info").get("worker").asText()).as("%s finished on the survivor", id)
                    .isEqualTo(survivor);
            if (owners.get(id).equals(victim)) {
                assertThat(t.get("task_info").path("retries").asInt(0)).as("%s taken over once", id).isEqualTo(1);
                assertThat(t.get("logs").toString()).as("%s attached to its prediction", id)
                        .contains("Attaching to Replicate prediction");
            } else {
                assertThat(t.get("task_info").path("retries").asInt(0)).as("%s never left its live worker", id)
                        .isZero();
            }
        }
        assertOnePredictionEach(ids, prompts("kill", 30));
        assertThat(cluster.worker(survivor).output()).as("no task reclaimed from the live worker")
                .doesNotContain("taken over by worker");
    }

    @Test
    void redisKilledForLongerThanTheHeartbeatTimeOutTakesNoTaskFromALiveWorker() throws Exception {
        cluster = ChaosCluster.create(dir, "redis-kill").start(2);
        cluster.replicate.plan(Plan.succeed(Output.PNG).after(Duration.ofSeconds(12)));
        List<String> ids = submit("redis-kill", 16);
        Map<String, String> owners = cluster.awaitRunningWithPrediction(ids, RUNNING);

        cluster.redis.stop(); // SIGKILL: every heartbeat key expires meanwhile
        Thread.sleep(ChaosCluster.HEARTBEAT_TTL.multipliedBy(2).toMillis());
        cluster.redis.startAgain();

        Map<String, JsonNode> done = cluster.awaitFinished(ids, FINISHED);
        for (String id : ids) {
            JsonNode t = done.get(id);
            assertThat(t.get("status").asText()).as("%s: %s", id, t).isEqualTo("SUCCESS");
            assertThat(t.get("task_info").get("worker").asText()).as("%s stayed with its worker", id)
                    .isEqualTo(owners.get(id));
            assertThat(t.get("task_info").path("retries").asInt(0)).as("%s never taken over", id).isZero();
        }
        assertOnePredictionEach(ids, prompts("redis-kill", 16));
        assertNoTakeovers();
    }

    @Test
    void redisRestartedWithASlowLoadUnderASubmitStreamAnswers503AndLosesNothing() throws Exception {
        // why: key-load-delay (a hidden Redis setting its own tests use) slows the load of each key, so the filler
        // below makes the restart answer LOADING for seconds, as a large production AOF does; events are processed
        // every KiB meanwhile, so clients get LOADING at once instead of waiting for the load
        cluster = ChaosCluster.create(dir, "loading", "--key-load-delay", "150",
                "--loading-process-events-interval-bytes", "1024");
        fillAndRewrite(20_000);
        cluster.start(2);
        cluster.replicate.plan(Plan.succeed(Output.PNG).after(Duration.ofSeconds(2)));

        List<Submitted> submitted = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread stream = Thread.ofVirtual().start(() -> {
            for (int n = 0; !stop.get(); n++) {
                String prompt = "chaos-loading-" + n;
                try {
                    HttpResponse<String> r = cluster.post(prompt);
                    submitted.add(new Submitted(prompt, r.statusCode(), r.body(),
                            r.headers().firstValue("Retry-After").orElse(null)));
                    Thread.sleep(100);
                } catch (Exception e) {
                    submitted.add(new Submitted(prompt, -1, String.valueOf(e), null));
                }
            }
        });
        Thread.sleep(3000);
        cluster.redis.terminate(); // SIGTERM: Redis writes its AOF and exits
        long restart = System.nanoTime();
        cluster.redis.startAgain(); // returns at the first PONG, after the load
        Duration loading = Duration.ofNanos(System.nanoTime() - restart);
        Thread.sleep(3000);
        stop.set(true);
        stream.join(Duration.ofSeconds(30));

        assertThat(loading).as("the restart answered LOADING for seconds").isGreaterThan(Duration.ofSeconds(2));
        for (Submitted s : submitted) {
            assertThat(s.status()).as("%s", s).isIn(202, 503);
            assertThat(s.body()).as("%s", s).doesNotContainIgnoringCase("timed out").doesNotContain("lettuce")
                    .doesNotContain("Exception");
            if (s.status() == 503) {
                assertThat(s.body()).as("%s", s).contains("The task broker is unavailable");
                assertThat(s.retryAfter()).as("%s", s).isNotNull();
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Submitted s : submitted) {
            if (s.status() == 202) {
                ids.add(E2eClient.JSON.readTree(s.body()).get("id").asText());
                accepted.add(s.prompt());
            }
        }
        assertThat(ids).as("submits accepted before and after the outage").hasSizeGreaterThan(20);
        Map<String, JsonNode> done = cluster.awaitFinished(ids, FINISHED);
        for (JsonNode t : done.values()) {
            assertThat(t.get("status").asText()).as("%s", t).isEqualTo("SUCCESS");
            assertThat(t.toString()).as("no client library text reaches users").doesNotContain("timed out")
                    .doesNotContain("lettuce");
        }
        assertOnePredictionEach(ids, accepted);
        assertThat(cluster.predictionsPerPrompt().values()).as("no prompt created twice, accepted or not")
                .allMatch(n -> n == 1);
        assertNoTakeovers();
        System.out.printf("ChaosIT LOADING for %d ms; submits: %s%n", loading.toMillis(), submitted.stream()
                .collect(Collectors.groupingBy(Submitted::status, Collectors.counting())));
    }

    @Test
    void aFrozenWorkerIsTakenOverAndStopsItsCopiesWhenItResumes() throws Exception {
        cluster = ChaosCluster.create(dir, "freeze").start(2);
        // why: no prediction finishes by itself; the test says when, so some end while the worker is frozen
        cluster.replicate.plan(Plan.succeed(Output.PNG).after(Duration.ofMinutes(10)));
        List<String> prompts = prompts("freeze", 12);
        List<String> ids = submit("freeze", 12);
        Map<String, String> owners = cluster.awaitRunningWithPrediction(ids, RUNNING);
        String victim = busiest(owners);
        String survivor = other(victim);
        List<String> frozen = ids.stream().filter(id -> owners.get(id).equals(victim)).toList();
        // why: half of them finish on the new owner while the old one is frozen, the rest after it resumes
        List<String> finishedWhileFrozen = frozen.subList(0, frozen.size() / 2);

        ChaosCluster.signal(cluster.worker(victim), "STOP");
        try {
            // why: past the heartbeat time-out the survivor takes each of the frozen worker's tasks over
            awaitTrue("takeover of the frozen worker's tasks", Duration.ofSeconds(30), () -> cluster.tasks(frozen)
                    .values().stream().allMatch(t -> t.get("task_info").get("worker").asText().equals(survivor)));
            finishedWhileFrozen.forEach(id -> cluster.finish(prompts.get(ids.indexOf(id))));
            awaitTrue("tasks finished by the new owner", Duration.ofSeconds(30), () -> cluster.tasks(
                    finishedWhileFrozen).values().stream().allMatch(t -> t.get("status").asText().equals("SUCCESS")));
        } finally {
            ChaosCluster.signal(cluster.worker(victim), "CONT");
        }
        // why: the watcher or the copy's own next write (its output, for a job that ended meanwhile) finds out
        awaitTrue("the resumed worker stops every copy", Duration.ofSeconds(20), () -> frozen.stream()
                .allMatch(id -> output(victim).contains("[" + id + "] this worker's copy (attempt 1) stopped: the "
                        + "task was taken over")));
        prompts.forEach(cluster::finish);

        Map<String, JsonNode> done = cluster.awaitFinished(ids, FINISHED);
        for (String id : ids) {
            JsonNode t = done.get(id);
            assertThat(t.get("status").asText()).as("%s: %s", id, t).isEqualTo("SUCCESS");
            assertThat(t.get("task_info").get("worker").asText()).as("%s: the new owner's result", id)
                    .isEqualTo(survivor);
            assertThat(t.get("task_info").path("retries").asInt(0)).as("%s", id)
                    .isEqualTo(frozen.contains(id) ? 1 : 0);
            assertThat(cluster.client().download(t.get("output").get(0).asText()).statusCode()).isEqualTo(200);
        }
        assertOnePredictionEach(ids, prompts);
        assertThat(cluster.worker(victim).isAlive()).as("the resumed worker lives on").isTrue();
        assertThat(output(victim)).as("the resumed worker finished none of the tasks it lost")
                .doesNotContainPattern("\\[(" + String.join("|", frozen) + ")\\] succeeded");
    }

    /** A condition that may read the API. */
    private interface Check {
        boolean holds() throws Exception;
    }

    private void awaitTrue(String what, Duration timeout, Check check) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " after " + timeout + "\n" + cluster.logs());
            }
            Thread.sleep(200);
        }
    }

    /** One submit's answer in the submit stream. */
    private record Submitted(String prompt, int status, String body, String retryAfter) {
    }

    private List<String> submit(String scenario, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String prompt : prompts(scenario, n)) {
            ids.add(cluster.submit(prompt));
        }
        return ids;
    }

    private static List<String> prompts(String scenario, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("chaos-" + scenario + "-" + i);
        }
        return out;
    }

    /** Every accepted task's prompt reached the provider exactly once. */
    private void assertOnePredictionEach(List<String> ids, List<String> prompts) {
        Map<String, Long> created = cluster.predictionsPerPrompt();
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(created.getOrDefault(prompts.get(i), 0L)).as("predictions for task %s (%s)", ids.get(i),
                    prompts.get(i)).isEqualTo(1L);
        }
        assertThat(cluster.replicate.violations()).isEmpty();
    }

    /** No worker took a task from another, and none stopped a copy because another had taken it. */
    private void assertNoTakeovers() throws IOException {
        for (var w : cluster.workers().entrySet()) {
            assertThat(w.getValue().output()).as("log of %s", w.getKey()).doesNotContain("reclaimed by worker")
                    .doesNotContain("taken over by worker");
        }
    }

    /** The worker holding the most tasks. */
    private static String busiest(Map<String, String> owners) {
        return owners.values().stream().collect(Collectors.groupingBy(w -> w, Collectors.counting())).entrySet()
                .stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private String other(String worker) {
        return cluster.workers().keySet().stream().filter(w -> !w.equals(worker)).findFirst().orElseThrow();
    }

    private String output(String worker) {
        try {
            return cluster.worker(worker).output();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code keys} filler keys under the installation's prefix, then an AOF rewrite so they sit in the AOF's base
     * (an RDB image, where Redis applies its load delay), waiting until the rewrite is done.
     */
    private void fillAndRewrite(int keys) throws Exception {
        RedisClient c = RedisClient.create(cluster.redis.url());
        try (var conn = c.connect()) {
            var cmd = conn.sync();
            cmd.eval("for i = 1, tonumber(ARGV[2]) do redis.call('SET', ARGV[1] .. i, 'filler') end return 1",
                    ScriptOutputType.INTEGER, new String[0], cluster.prefix + "filler:",
                    String.valueOf(keys));
            cmd.bgrewriteaof();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!cmd.info("persistence").contains("aof_rewrite_in_progress:0")
                    || !cmd.info("persistence").contains("aof_rewrite_scheduled:0")) {
                assertThat(System.nanoTime()).as("AOF rewrite finished").isLessThan(end);
                Thread.sleep(100);
            }
        } finally {
            c.shutdown();
        }
    }
}
