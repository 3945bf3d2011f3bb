package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * e. Signed file download: a task echoes a ~1 MB noise PNG input back as its output; 8 clients GET the signed URL
 * (no API key) for about 5 s.
 */
final class FileScenario {
    static final int CONCURRENCY = 8;

    private FileScenario() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        byte[] png = NoisePng.ofAbout(1_000_000, 1);
        String id = c.api().submit(Tasks.IMAGES, NoisePng.imageRequest("flux-1-pro", png));
        JsonNode done = Tasks.awaitSuccess(c.api(), id, 10);
        URI url = URI.create(done.path("output").path(0).asText());
        if (!Arrays.equals(c.api().fetch(url), png)) {
            throw new IOException("the signed URL " + url + " does not serve the echoed input");
        }
        byte[] get = c.api().getUnauthenticated(url);
        c.during(c.opts().scaled(Duration.ofSeconds(1)), CONCURRENCY, i -> c.api().send(get, 200));
        LongAdder bytes = new LongAdder();
        Load.Result r = c.during(c.opts().scaled(Duration.ofSeconds(5)), CONCURRENCY,
                i -> bytes.add(c.api().send(get, 200).body().length));
        double mibPerSecond = bytes.sum() / 1048576.0 / (r.wallNanos() / 1e9);
        c.report().row("e. signed 1 MB file GET, c=" + CONCURRENCY, Report.rate(r.perSecond(), "req/s") + ", "
                        + String.format(Locale.ROOT, "%,.0f MiB/s", mibPerSecond),
                Report.ms(r.latencies().percentileMs(50)), Report.ms(r.latencies().percentileMs(99)),
                c.details(r, String.format(Locale.ROOT, "file %,d bytes", png.length)), "", "");
    }
}
