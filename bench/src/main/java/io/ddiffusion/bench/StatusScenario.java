package io.ddiffusion.bench;

import java.io.IOException;
import java.time.Duration;

/** d. GET of a finished task (status, signed output URL, task_info) by 32 clients for about 10 s. */
final class StatusScenario {
    private static final double TARGET_PER_SECOND = 10_000;

    private StatusScenario() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        String id = c.api().submit(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Tasks.awaitSuccess(c.api(), id, 5);
        byte[] get = c.api().get(Tasks.IMAGES + "/" + id);
        c.during(c.opts().scaled(Duration.ofSeconds(1)), 32, i -> c.api().send(get, 200));
        Load.Result r = c.during(c.opts().scaled(Duration.ofSeconds(10)), 32, i -> c.api().send(get, 200));
        c.report().row("d. status GET, c=32", Report.rate(r.perSecond(), "req/s"),
                Report.ms(r.latencies().percentileMs(50)), Report.ms(r.latencies().percentileMs(99)),
                c.details(r, ""), "> 10,000 req/s",
                Report.verdict(r.perSecond() > TARGET_PER_SECOND && r.errorCount() == 0, ""));
    }
}
