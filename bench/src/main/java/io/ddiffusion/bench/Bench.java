package io.ddiffusion.bench;

import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import java.util.Locale;
import java.util.UUID;

/**
 * The load driver: runs the selected scenarios against one running deployment and appends their rows to the results
 * file. {@code bench/run.sh} starts the servers and calls this once per deployment; options in {@link Options}.
 */
public final class Bench {
    /** How long a process waits idle before its idle footprint is taken. */
    static final int IDLE_SECONDS = 15;

    private Bench() {
    }

    public static void main(String... args) throws Exception {
        Options o = Options.parse(args);
        Ctx c = new Ctx(o, new Api(o.url()), new Report(o.results(), o.mode()), new Cpu(o.procs()));
        long t0 = System.nanoTime();
        // why: scenario h's worker calls the emulator as soon as a task runs, warm-up tasks included
        ReplicateEmulator emulator = o.runs('h') ? ProviderScenario.emulator(o) : null;
        // why: scenario i's emulator is up before any task, so the worker's sidecar checks find it
        ComfyEmulator comfy = o.runs('i') ? ComfyScenario.emulator(o) : null;
        if (o.runs('g')) {
            // why: run.sh starts the driver 2 s after the server answered; idle is IDLE_SECONDS after that
            FootprintScenario.run(c, "2 s after start", FootprintScenario.Phase.STARTED);
            Thread.sleep(IDLE_SECONDS * 1000L - 2_000);
            FootprintScenario.run(c, "after start (" + IDLE_SECONDS + " s)",
                    FootprintScenario.Phase.IDLE_AFTER_START);
        }
        c.api().createKey(o.adminKey(), "bench-" + UUID.randomUUID().toString().substring(0, 8));
        if (!o.warmup().isZero()) {
            WarmUp.run(c);
        }
        if (o.runs('a')) {
            SubmitScenario.run(c);
        }
        if (o.runs('b')) {
            DispatchScenario.run(c);
        }
        if (o.runs('c')) {
            EndToEndScenario.run(c);
        }
        if (o.runs('d')) {
            StatusScenario.run(c);
        }
        if (o.runs('e')) {
            FileScenario.run(c);
        }
        if (o.runs('f')) {
            UploadScenario.run(c);
        }
        if (emulator != null) {
            try (emulator) {
                ProviderScenario.run(c, emulator);
            }
        }
        if (comfy != null) {
            try (comfy) {
                ComfyScenario.run(c, comfy);
            }
        }
        if (o.runs('g')) {
            Thread.sleep(5_000);
            FootprintScenario.run(c, "5 s after load", FootprintScenario.Phase.LOADED);
            Thread.sleep(IDLE_SECONDS * 1000L - 5_000);
            FootprintScenario.run(c, "after load (" + IDLE_SECONDS + " s)",
                    FootprintScenario.Phase.IDLE_AFTER_LOAD);
        }
        c.api().close();
        System.out.printf(Locale.ROOT, "%-11s scenarios took %.1f s%n", o.mode(), (System.nanoTime() - t0) / 1e9);
    }
}
