package io.ddiffusion.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * f. A ~5 MiB noise PNG sent as base64 in an image-to-image request (6.7 MiB of JSON), one at a time: the API decodes
 * it, sniffs its type and size, stores it and answers 202. Next to it the same PNG without base64: as the raw body
 * of {@code POST /api/uploads} (streamed to storage, sniffed, 201), and that upload plus the task naming it
 * ({@code "upload:<id>"}), the whole of what replaces the base64 request. The worker echoes the tasks meanwhile, as it
 * would in use; with a separate worker process, once more with that worker stopped.
 */
final class UploadScenario {
    private static final double TARGET_P99_MS = 30;

    private UploadScenario() {
    }

    static void run(Ctx c) throws IOException, InterruptedException {
        byte[] png = NoisePng.ofAbout(5L * 1024 * 1024, 2);
        byte[] body = NoisePng.imageRequest("flux-1-pro", png);
        byte[] submit = c.api().post(Tasks.IMAGES, body);
        String sizes = String.format(Locale.ROOT, "PNG %,d bytes, body %,d bytes", png.length, body.length);
        measure(c, submit, "f. 5 MiB base64 image POST, c=1", sizes);
        Tasks.drain(c);
        byte[] upload = c.api().postFile("/api/uploads", "image/png", png);
        measureUploads(c, upload, "", String.format(Locale.ROOT, "PNG %,d bytes as the raw body", png.length));
        Tasks.drain(c);
        Proc worker = c.opts().procs().stream().filter(p -> p.name().equals("worker")).findFirst().orElse(null);
        if (worker != null) {
            // why: deployed, the API and the GPU workers are different machines; here the worker echoing each 5 MB
            // image takes as much of the 2 shared cores as the API. Stopping it shows what the API alone needs
            // to accept an upload; the tasks wait in the queue meanwhile and run once it continues.
            signal(worker, "STOP");
            try {
                measure(c, submit, "f. 5 MiB base64 image POST, c=1, worker stopped (the API alone)", sizes
                        + "; worker SIGSTOPped meanwhile, its tasks waited");
                measureUploads(c, upload, ", worker stopped (the API alone)", String.format(Locale.ROOT,
                        "PNG %,d bytes as the raw body; worker SIGSTOPped meanwhile, its tasks waited", png.length));
            } finally {
                signal(worker, "CONT");
            }
            Tasks.drain(c);
        }
    }

    private static void measure(Ctx c, byte[] submit, String label, String sizes)
            throws IOException, InterruptedException {
        c.times(c.opts().scaled(8), 1, i -> c.api().send(submit, 202));
        Load.Result r = c.times(c.opts().scaled(100), 1, i -> c.api().send(submit, 202));
        double p50 = r.latencies().percentileMs(50);
        double p99 = r.latencies().percentileMs(99);
        c.report().row(label, Report.rate(r.perSecond(), "req/s"), Report.ms(p50), Report.ms(p99),
                c.details(r, sizes), "< 30 ms (p99)", Report.verdict(p99 < TARGET_P99_MS && r.errorCount() == 0,
                        "p50 " + (p50 < TARGET_P99_MS ? "under" : "over")));
    }

    /** The upload alone (201), then the upload and the task that names it (201, then 202), one at a time. */
    private static void measureUploads(Ctx c, byte[] upload, String suffix, String sizes)
            throws IOException, InterruptedException {
        c.times(c.opts().scaled(8), 1, i -> c.api().send(upload, 201));
        Load.Result alone = c.times(c.opts().scaled(100), 1, i -> c.api().send(upload, 201));
        row(c, "f. 5 MiB upload POST (raw body), c=1" + suffix, alone, sizes + "; each upload left to expire");
        Load.Result both = c.times(c.opts().scaled(100), 1, i -> {
            String id = Api.JSON.readTree(c.api().send(upload, 201).body()).get("id").asText();
            c.api().submit(Tasks.IMAGES, ("{\"model\":\"flux-1-pro\",\"prompt\":\"x\",\"image\":\"upload:" + id
                    + "\"}").getBytes(StandardCharsets.US_ASCII));
        });
        row(c, "f. 5 MiB upload + task naming it (2 requests), c=1" + suffix, both, sizes);
    }

    private static void row(Ctx c, String label, Load.Result r, String sizes) throws IOException {
        double p50 = r.latencies().percentileMs(50);
        double p99 = r.latencies().percentileMs(99);
        c.report().row(label, Report.rate(r.perSecond(), "req/s"), Report.ms(p50), Report.ms(p99),
                c.details(r, sizes), "< 30 ms (p99)", Report.verdict(p99 < TARGET_P99_MS && r.errorCount() == 0,
                        "p50 " + (p50 < TARGET_P99_MS ? "under" : "over")));
    }

    private static void signal(Proc p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + p.pid() + " failed");
        }
    }
}
