package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Output;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator.Plan;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * h. External provider: {@code flux-1-pro} tasks run by the worker's real Replicate handler against the worker's
 * {@link ReplicateEmulator}, the one its tests use (bench/run-providers.sh points REPLICATE_BASE_URL at it; no handler
 * plugin).
 *
 * <ul>
 * <li>h1: 1,000 tasks submitted at once (c=16) to an emulator that answers at once (the create call already says
 * succeeded): wall time, tasks/s, dispatch latency, worker RSS;</li>
 * <li>h2: scenario c (500 tasks, 16 clients, poll every 50 ms) on that instant emulator;</li>
 * <li>h3: 1,000 tasks at once, each prediction processing for 10 s: how many predictions one worker holds open at
 * the same time (target: all 1,000), wall time, dispatch latency, worker RSS at the peak and 5 s after;</li>
 * <li>h4: as h3 with {@code --provider-tasks} tasks (default 10,000; target: all in flight at once, RSS ≤ 1 GiB),
 * each prediction processing {@code --provider-latency} (default 10 s).</li>
 * </ul>
 * Status is read by a sweep: every second, one GET per unfinished task (16 clients), from when the predictions can
 * have finished. Every phase also reports the polling cost ({@link PollingCost}).
 */
final class ProviderScenario {
    private static final Duration SLOW = Duration.ofSeconds(10);
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);
    /** What a FLUX prediction logs: a tqdm line at 50 % with the first poll, then one at 100 %. */
    private static final List<String> LOGS = List.of(
            "Generating image\n 50%|█████     | 14/28 [00:05<00:05,  2.50it/s]\n",
            "100%|██████████| 28/28 [00:10<00:00,  2.50it/s]\n");

    private ProviderScenario() {
    }

    /** The emulator on {@code --emulator-port}, answering at once until a phase says otherwise. */
    static ReplicateEmulator emulator(Options o) throws IOException {
        ReplicateEmulator emulator = new ReplicateEmulator(o.emulatorPort(), o.replicateToken());
        emulator.plan(plan(Duration.ZERO));
        return emulator;
    }

    /** Every prediction succeeds with a PNG after {@code latency}; with 0 the create answer already says so. */
    private static Plan plan(Duration latency) {
        return Plan.succeed(Output.PNG).withLogs(0, LOGS).after(latency);
    }

    static void run(Ctx c, ReplicateEmulator emulator) throws IOException, InterruptedException {
        int n = c.opts().scaled(1000);
        // why: instant phases first; they also warm up the JIT, so that the 10 s phase submits fast enough to have
        // all of its predictions open at once (cold, the API took 12 s for 1,000 submits)
        flood(c, emulator, n, Duration.ZERO, "h1. Replicate instant, " + n + " tasks at once", 0);
        Thread.sleep(2_000);
        emulator.plan(plan(Duration.ZERO));
        byte[] submit = c.api().post(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Load.Result r = c.times(c.opts().scaled(500), 16, i -> Tasks.awaitSuccess(c.api(), c.api().submit(submit),
                50));
        c.report().row("h2. end to end (scenario c), Replicate instant, c=16, poll 50 ms",
                Report.rate(r.perSecond(), "tasks/s"), Report.ms(r.latencies().percentileMs(50)),
                Report.ms(r.latencies().percentileMs(99)),
                c.details(r, "latency = POST → SUCCESS seen; " + emulator.counters()), "", "");
        Thread.sleep(2_000);
        flood(c, emulator, n, SLOW, "h3. Replicate 10 s, " + n + " tasks at once", n);
        if (c.opts().providerTasks() > 0) {
            int many = c.opts().scaled(c.opts().providerTasks());
            Thread.sleep(2_000);
            Duration latency = c.opts().providerLatency();
            flood(c, emulator, many, latency, String.format(Locale.ROOT, "h4. Replicate %s s, %,d tasks at once",
                    java.math.BigDecimal.valueOf(latency.toMillis(), 3).stripTrailingZeros().toPlainString(), many),
                    many);
        }
    }

    private static Proc proc(Ctx c, String name) {
        return c.opts().procs().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static void flood(Ctx c, ReplicateEmulator emulator, int n, Duration latency, String label,
            int inFlightTarget) throws IOException, InterruptedException {
        emulator.plan(plan(latency));
        emulator.resetMax();
        long emulatorErrors = emulator.errors();
        Proc worker = proc(c, "worker");
        PollingCost polling = new PollingCost(worker, proc(c, "redis"), emulator);
        AtomicLong peakRss = new AtomicLong();
        AtomicLong peakThreads = new AtomicLong();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (worker != null && !Thread.currentThread().isInterrupted()) {
                try {
                    peakRss.accumulateAndGet(worker.rssKiB(), Math::max);
                    peakThreads.accumulateAndGet(worker.threads(), Math::max);
                    polling.sample();
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    return; // the process ended
                }
            }
        });
        Cpu.Mark mark = c.cpu().mark();
        Instant firstSubmit = Instant.now();
        long t0 = System.nanoTime();
        String[] ids = new String[n];
        byte[] submit = c.api().post(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Load.Result submitted = c.times(n, 16, i -> ids[i] = c.api().submit(submit));
        double submitSeconds = (System.nanoTime() - t0) / 1e9;

        List<String> pending = new ArrayList<>();
        for (String id : ids) {
            if (id != null) {
                pending.add(id);
            }
        }
        Latencies dispatch = new Latencies();
        Map<String, Long> errors = new ConcurrentHashMap<>(submitted.errors());
        Map<String, Instant> finished = new ConcurrentHashMap<>();
        Map<String, Long> dispatchNanos = new ConcurrentHashMap<>();
        long deadline = t0 + PHASE_TIMEOUT.toNanos() + latency.toNanos();
        int sweeps = 0;
        long sweepGets = 0;
        // why: no prediction can be done before its latency; sweeping earlier only loads the API (10,000 GETs a
        // second in h4) on the cores the worker's polling cost is measured on
        long firstSweep = t0 + latency.toNanos();
        if (firstSweep > System.nanoTime()) {
            Thread.sleep((firstSweep - System.nanoTime()) / 1_000_000);
        }
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            long pass = System.nanoTime();
            List<String> batch = pending;
            Load.Result r = c.times(batch.size(), 16, i -> {
                String id = batch.get(i);
                JsonNode t = c.api().read(Tasks.IMAGES + "/" + id);
                switch (Tasks.status(t)) {
                    case "SUCCESS" -> {
                        dispatchNanos.put(id, Tasks.between(t, "received", "started"));
                        finished.put(id, Instant.parse(t.path("task_info").path("succeeded").asText()));
                    }
                    case "FAILURE", "REVOKED", "REJECTED", "IGNORED" -> {
                        finished.put(id, Instant.EPOCH);
                        throw new IOException("task " + id + " ended " + Tasks.status(t) + ": "
                                + t.path("error_message").asText());
                    }
                    default -> {
                        // not yet
                    }
                }
            });
            sweeps++;
            sweepGets += batch.size();
            r.errors().forEach((k, v) -> errors.merge("status " + k, v, Long::sum));
            pending = batch.stream().filter(id -> !finished.containsKey(id)).toList();
            long sleep = 1_000 - (System.nanoTime() - pass) / 1_000_000;
            if (!pending.isEmpty() && sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        double seenSeconds = (System.nanoTime() - t0) / 1e9;
        Cpu.Usage cpu = mark.since();
        sampler.interrupt();
        sampler.join();
        if (!pending.isEmpty()) {
            errors.merge("unfinished after " + PHASE_TIMEOUT.plus(latency).toSeconds() + " s", (long) pending.size(),
                    Long::sum);
        }
        dispatchNanos.values().forEach(dispatch::add);
        Instant last = finished.values().stream().filter(i -> !i.equals(Instant.EPOCH)).max(Instant::compareTo)
                .orElse(firstSubmit);
        double serverSeconds = Duration.between(firstSubmit, last).toNanos() / 1e9;
        long newEmulatorErrors = emulator.errors() - emulatorErrors;
        if (newEmulatorErrors > 0) {
            errors.merge("emulator", newEmulatorErrors, Long::sum);
        }
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        int succeeded = dispatch.count();
        String rssAfter = "-";
        if (worker != null) {
            Thread.sleep(5_000);
            rssAfter = Report.mib(worker.rssKiB());
        }
        int maxInFlight = emulator.maxInFlight();
        String details = String.format(Locale.ROOT,
                "n=%d, succeeded %d; **max predictions in flight %,d**; submits took %.1f s (%s); all SUCCESS after "
                        + "%.1f s (last task_info.succeeded − first POST), %.1f s as seen by the 1 s sweep (%d sweeps, "
                        + "%,d GETs); p50/p99 = dispatch task_info.started − received; worker VmRSS peak %s "
                        + "(VmHWM %s, %d threads), %s 5 s after; errors %s; %s; %s; CPU over the phase: %s; %s",
                n, succeeded, maxInFlight, submitSeconds, Report.rate(submitted.perSecond(), "req/s"), serverSeconds,
                seenSeconds, sweeps, sweepGets, Report.mib(peakRss.get()),
                worker == null ? "-" : Report.mib(worker.peakRssKiB()), peakThreads.get(), rssAfter,
                errorCount == 0 ? "0" : errorCount + " " + errors, emulator.counters(), polling, cpu,
                cpu.perOperation(n / seenSeconds).replace("CPU µs/op", "CPU µs per task over the phase"));
        boolean met = errorCount == 0 && succeeded == n && maxInFlight >= inFlightTarget;
        c.report().row(label, Report.rate(succeeded / serverSeconds, "tasks/s"),
                Report.ms(dispatch.percentileMs(50)), Report.ms(dispatch.percentileMs(99)), details,
                inFlightTarget > 0 ? "≥ " + inFlightTarget + " in flight, 0 errors" : "0 errors",
                Report.verdict(met, ""));
    }
}
