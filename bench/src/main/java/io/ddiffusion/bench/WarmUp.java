package io.ddiffusion.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Not a measurement: submits and status reads first, so the JIT has compiled the hot paths before anything is
 * recorded. On 2 cores the C1 and C2 compilers of the API and the worker together take 0.5-0.8 of a core for about
 * the first minute of load; with 18 s the submit p99 on Redis measured 6.5 ms, with 60 s 2.6 ms (bench/README.md).
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        byte[] submit = c.api().post(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Duration total = c.opts().warmup();
        Load.Result a = c.during(total.multipliedBy(5).dividedBy(9), 16, i -> {
            String id = c.api().submit(submit);
            // why: the API takes submits faster than the worker runs them; waiting for every 100th keeps the backlog
            // (and the drain below) short, and the worker warms up along with the API
            if (i % 100 == 99) {
                Tasks.awaitSuccess(c.api(), id, 5);
            }
        });
        Tasks.drain(c);
        String id = c.api().submit(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Tasks.awaitSuccess(c.api(), id, 5);
        byte[] get = c.api().get(Tasks.IMAGES + "/" + id);
        Load.Result d = c.during(total.multipliedBy(4).dividedBy(9), 32, i -> c.api().send(get, 200));
        Tasks.drain(c);
        System.out.printf(Locale.ROOT, "%-11s warm-up: %d submits, %d status reads in %.1f s (errors %s / %s)%n",
                c.opts().mode(), a.latencies().count(), d.latencies().count(), (System.nanoTime() - t0) / 1e9,
                a.errorText(), d.errorText());
    }
}
