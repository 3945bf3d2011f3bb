package io.ddiffusion.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Not a measurement: a few seconds of submits and status reads first, so the JIT has compiled the hot paths before
 * anything is recorded (on 2 cores the C2 compiler alone takes a good part of a core for the first ~20 s).
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        byte[] submit = c.api().post(Tasks.IMAGES, Tasks.NO_OP_IMAGE);
        Duration total = c.opts().warmup();
        Load.Result a = c.during(total.multipliedBy(5).dividedBy(9), 16, i -> c.api().send(submit, 202));
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
