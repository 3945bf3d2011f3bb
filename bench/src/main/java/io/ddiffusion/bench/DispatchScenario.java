package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * b. Submit-to-start latency of a no-op task on an idle system, one task at a time: from the server's own
 * {@code task_info.received} to {@code task_info.started}, and as a client polling every millisecond sees it (from
 * sending the POST to the first GET that no longer says PENDING).
 */
final class DispatchScenario {
    private static final double TARGET_P50_MS = 2;

    private DispatchScenario() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        int warmup = c.opts().scaled(30);
        int n = c.opts().scaled(200);
        Latencies server = new Latencies();
        Latencies poller = new Latencies();
        int polls = 0;
        byte[] submit = c.api().post(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Cpu.Mark mark = c.cpu().mark();
        for (int i = 0; i < warmup + n; i++) {
            long t0 = System.nanoTime();
            String id = c.api().submit(submit);
            byte[] get = c.api().get(Tasks.IMAGES + "/" + id);
            JsonNode t = Api.JSON.readTree(c.api().send(get, 200).body());
            while (!Tasks.started(t)) {
                Thread.sleep(1);
                t = Api.JSON.readTree(c.api().send(get, 200).body());
                polls++;
            }
            long seen = System.nanoTime() - t0;
            JsonNode done = Tasks.awaitSuccess(c.api(), id, 1);
            if (i >= warmup) {
                poller.add(seen);
                server.add(Tasks.between(done, "received", "started"));
            }
        }
        String cpu = mark.since().toString();
        double p50 = server.percentileMs(50);
        c.report().row("b. dispatch received→started", "", Report.ms(p50), Report.ms(server.percentileMs(99)),
                "n=" + n + " sequential, server timestamps, max " + Report.ms(server.maxMs()) + "; " + cpu,
                "p50 < 2 ms", Report.verdict(p50 < TARGET_P50_MS, ""));
        c.report().row("b. dispatch seen by poller", "", Report.ms(poller.percentileMs(50)),
                Report.ms(poller.percentileMs(99)), "POST sent → first GET not PENDING, polling every 1 ms ("
                        + String.format(java.util.Locale.ROOT, "%.1f", (double) polls / (warmup + n))
                        + " extra GETs/task)", "", "");
    }
}
