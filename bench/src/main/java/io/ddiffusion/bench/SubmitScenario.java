package io.ddiffusion.bench;

import java.io.IOException;

/** a. Authenticated submit of a small JSON image request to a cpu model: requests/s and latency. */
final class SubmitScenario {
    private static final double TARGET_P99_MS = 5;

    private SubmitScenario() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        measure(c, c.opts().scaled(1000), 1);
        Tasks.drain(c);
        measure(c, c.opts().scaled(3000), 16);
        Tasks.drain(c);
    }

    private static void measure(Ctx c, int n, int concurrency) throws IOException, InterruptedException {
        byte[] submit = c.api().post(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Load.Result r = c.times(n, concurrency, i -> c.api().send(submit, 202));
        double p99 = r.latencies().percentileMs(99);
        c.report().row("a. submit, c=" + concurrency, Report.rate(r.perSecond(), "req/s"),
                Report.ms(r.latencies().percentileMs(50)), Report.ms(p99),
                c.details(r, "mean " + Report.ms(r.latencies().meanMs())), "p99 < 5 ms",
                Report.verdict(p99 < TARGET_P99_MS && r.errorCount() == 0, ""));
    }
}
