package io.ddiffusion.bench;

import java.io.IOException;
import java.util.Locale;

/**
 * f. A ~5 MiB noise PNG sent as base64 in an image-to-image request (6.7 MiB of JSON), one at a time: the API decodes
 * it, sniffs its type and size, stores it and answers 202. The worker echoes it meanwhile, as it would in use.
 */
final class UploadScenario {
    private static final double TARGET_P99_MS = 30;

    private UploadScenario() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        byte[] png = NoisePng.ofAbout(5L * 1024 * 1024, 2);
        byte[] body = NoisePng.imageRequest("flux-1-pro", png);
        byte[] submit = c.api().post(Tasks.IMAGES, body);
        c.times(c.opts().scaled(8), 1, i -> c.api().send(submit, 202));
        Load.Result r = c.times(c.opts().scaled(100), 1, i -> c.api().send(submit, 202));
        Tasks.drain(c);
        double p99 = r.latencies().percentileMs(99);
        c.report().row("f. 5 MiB base64 image POST, c=1", Report.rate(r.perSecond(), "req/s"),
                Report.ms(r.latencies().percentileMs(50)), Report.ms(p99), c.details(r, String.format(Locale.ROOT,
                        "PNG %,d bytes, body %,d bytes", png.length, body.length)), "< 30 ms (p99)",
                Report.verdict(p99 < TARGET_P99_MS && r.errorCount() == 0, "p50 " + (r.latencies()
                        .percentileMs(50) < TARGET_P99_MS ? "under" : "over")));
    }
}
