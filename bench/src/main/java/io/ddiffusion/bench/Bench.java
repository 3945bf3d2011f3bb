package io.ddiffusion.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The load driver: runs the selected scenarios against one running deployment and appends their rows to the results
 * file. {@code bench/run.sh} starts the servers and calls this once per deployment; options in {@link Options}.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String... args) throws Exception {
        Options o = Options.parse(args);
        Ctx c = new Ctx(o, new Api(o.url()), new Report(o.results(), o.mode()), new Cpu(o.procs()));
        long t0 = System.nanoTime();
        // why: scenario h's worker calls the emulator as soon as a task runs, warm-up tasks included
        ReplicateEmulator emulator = o.runs('h')
                ? new ReplicateEmulator(o.emulatorPort(), o.replicateToken(), Duration.ZERO) : null;
        if (o.runs('g')) {
            FootprintScenario.run(c, "after start");
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
        if (o.runs('g')) {
            Thread.sleep(5_000);
            FootprintScenario.run(c, "after load (+5 s)");
        }
        c.api().close();
        System.out.printf(Locale.ROOT, "%-11s scenarios took %.1f s%n", o.mode(), (System.nanoTime() - t0) / 1e9);
    }
}
