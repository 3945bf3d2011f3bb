package io.ddiffusion.bench;

import java.io.IOException;

/** c. End to end: 500 no-op tasks by 16 clients, each submitting and polling every 50 ms until SUCCESS. */
final class EndToEndScenario {
    private EndToEndScenario() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        byte[] submit = c.api().post(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Load.Result r = c.times(c.opts().scaled(500), 16, i -> Tasks.awaitSuccess(c.api(), c.api().submit(submit),
                50));
        c.report().row("c. end to end, c=16, poll 50 ms", Report.rate(r.perSecond(), "tasks/s"),
                Report.ms(r.latencies().percentileMs(50)), Report.ms(r.latencies().percentileMs(99)),
                c.details(r, "latency = POST → SUCCESS seen"), "", "");
    }
}
