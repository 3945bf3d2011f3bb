package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import io.ddiffusion.worker.workflows.comfy.ComfyPlan;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * i. ComfyUI: {@code /api/workflows} tasks run by the worker's real {@code comfy-workflow} handler against the
 * worker's {@link ComfyEmulator} (the one its tests use; bench/run-comfy.sh points COMFY_API_URL at it). The
 * emulator notes when each {@code POST /prompt} arrives and when the prompt's last event goes out; the API gives the
 * task's start and success times; {@link ComfyCheck} joins them per task.
 *
 * <ul>
 * <li>i1: one task at a time: the worker's overhead per task, claim → {@code /prompt} and last event → output
 * stored;</li>
 * <li>i2: a ~50 MB PNG through a LoadImage patch: POST → 202, and claim → {@code /prompt}, which includes uploading
 * it to the sidecar; the bytes the emulator received are compared with the PNG;</li>
 * <li>i3: a 4K EXR output (3840×2160 RGBA half float, uncompressed): last event → stored, then the signed URL
 * fetched, its type and every byte checked;</li>
 * <li>i4: 200 tasks queued at once on the worker's one comfy slot and the emulator's one executor: tasks/s, every
 * task SUCCESS with its progress seen, every prompt received once, no event sent to a closed socket.</li>
 * </ul>
 */
final class ComfyScenario {
    /** Sampler steps per prompt; each task must show progress 1/N and N/N. */
    static final int STEPS = 3;
    /** 3840×2160 pixels × 4 channels × 2 bytes, plus 16 bytes of offset table and chunk header per scanline. */
    static final long EXR_BYTES = 3840L * 2160 * 4 * 2 + 2160L * 16;
    private static final long UPLOAD_BYTES = 50_000_000;
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(300);

    private ComfyScenario() {
    }

    /** A task request for a seed. */
    @FunctionalInterface
    private interface Body {
        byte[] of(int seed) throws IOException;
    }

    /** The emulator on {@code --emulator-port}, with the plan of every phase but one: {@link #plan()}. */
    static ComfyEmulator emulator(Options o) throws IOException {
        return new ComfyEmulator(o.emulatorPort()).plan(plan());
    }

    /**
     * {@value #STEPS} sampler steps of 5 ms; the history entry written right after {@code execution_success}, as
     * ComfyUI does, so the last event follows it at once.
     */
    private static ComfyPlan plan() {
        return ComfyPlan.defaults().steps(STEPS, 5).historyAfter(0);
    }

    static void run(Ctx c, ComfyEmulator comfy) throws Exception {
        awaitReady(c);
        int warm = c.opts().scaled(30);
        oneAtATime(c, comfy, warm, ComfyWorkflows::plain);
        alone(c, comfy, c.opts().scaled(100));
        upload(c, comfy, Math.max(1, c.opts().scaled(3)));
        exr(c, comfy, Math.max(1, c.opts().scaled(3)));
        queued(c, comfy, c.opts().scaled(200));
        if (!comfy.violations().isEmpty()) {
            System.err.println("  ! emulator protocol violations: " + comfy.violations());
        }
    }

    /**
     * Until a workflow task succeeds: the worker checked the sidecar when it started, before the driver started the
     * emulator, and checks again 10 s after its last check.
     */
    private static void awaitReady(Ctx c) throws Exception {
        long t0 = System.nanoTime();
        String last = "";
        while (true) {
            String why;
            try {
                JsonNode t = awaitFinished(c, c.api().submit(ComfyWorkflows.PATH, ComfyWorkflows.plain(0)), 50);
                if (Tasks.status(t).equals("SUCCESS")) {
                    System.err.printf(Locale.ROOT, "  the worker found the sidecar after %.1f s%n",
                            (System.nanoTime() - t0) / 1e9);
                    return;
                }
                why = t.path("error_message").asText();
            } catch (HttpStatusException e) {
                why = e.getMessage();
            }
            if (!why.equals(last)) {
                System.err.println("  waiting for the worker to find the sidecar: " + why);
                last = why;
            }
            if (System.nanoTime() - t0 > Duration.ofSeconds(90).toNanos()) {
                throw new IOException("no workflow task succeeded within 90 s: " + why);
            }
            Thread.sleep(1_000);
        }
    }

    /** {@code n} tasks one after the other, each polled every 5 ms until it ends; their checks. */
    private static ComfyTally oneAtATime(Ctx c, ComfyEmulator comfy, int n, Body body)
            throws Exception {
        ComfyTally tally = new ComfyTally();
        for (int i = 0; i < n; i++) {
            String id = c.api().submit(ComfyWorkflows.PATH, body.of(i + 1));
            tally.add(ComfyCheck.of(awaitFinished(c, id, 5), comfy.times(id), STEPS));
        }
        return tally;
    }

    private static void alone(Ctx c, ComfyEmulator comfy, int n) throws Exception {
        comfy.plan(plan());
        Cpu.Mark mark = c.cpu().mark();
        long t0 = System.nanoTime();
        ComfyTally t = oneAtATime(c, comfy, n, ComfyWorkflows::plain);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu.Usage cpu = mark.since();
        String common = String.format(Locale.ROOT, "n=%d one at a time (poll 5 ms), %d steps × 5 ms on the "
                + "emulator, history written with execution_success; failed checks %s; CPU: %s", t.count(), STEPS,
                t.failuresText(), cpu);
        c.report().row("i1. comfy task alone: claim → /prompt", Report.rate(n / seconds, "tasks/s"),
                Report.ms(t.toPrompt.percentileMs(50)), Report.ms(t.toPrompt.percentileMs(99)), common, "",
                Report.verdict(t.failures() == 0, ""));
        c.report().row("i1. comfy task alone: last event → output stored", "", Report.ms(t.toStored
                .percentileMs(50)), Report.ms(t.toStored.percentileMs(99)), "the same tasks; started → succeeded p50 "
                + Report.ms(t.run.percentileMs(50)) + ", p99 " + Report.ms(t.run.percentileMs(99)), "", "");
        // why: the worker answers execution_success by polling /history every 100 ms until the entry is there
        comfy.plan(plan().historyAfter(30));
        ComfyTally late = oneAtATime(c, comfy, Math.max(1, n / 2), ComfyWorkflows::plain);
        comfy.plan(plan());
        c.report().row("i1. the same, history written 30 ms after execution_success: last event → stored", "",
                Report.ms(late.toStored.percentileMs(50)), Report.ms(late.toStored.percentileMs(99)), String.format(
                Locale.ROOT, "n=%d (the emulator's default delay); claim → /prompt p50 %s; failed checks %s",
                late.count(), Report.ms(late.toPrompt.percentileMs(50)), late.failuresText()), "",
                Report.verdict(late.failures() == 0, ""));
    }

    private static void upload(Ctx c, ComfyEmulator comfy, int n) throws Exception {
        comfy.plan(plan());
        byte[] png = NoisePng.ofAbout(UPLOAD_BYTES, 50);
        byte[] body = ComfyWorkflows.withImage(1, png);
        ComfyTally t = new ComfyTally();
        Latencies accepted = new Latencies();
        int intact = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            String id = c.api().submit(ComfyWorkflows.PATH, body);
            accepted.add(System.nanoTime() - t0);
            t.add(ComfyCheck.of(awaitFinished(c, id, 5), comfy.times(id), STEPS));
            String folder = "ddiffusion/" + id;
            intact += comfy.uploads().stream().filter(u -> u.subfolder().equals(folder) && Arrays.equals(u.data(),
                    png)).count() == 1 ? 1 : 0;
        }
        String details = String.format(Locale.ROOT, "n=%d; a %,d-byte noise PNG (%,d bytes of JSON); POST → 202 "
                + "p50 %s, max %s; the emulator received it intact %d of %d times; last event → stored p50 %s; "
                + "failed checks %s", n, png.length, body.length, Report.ms(accepted.percentileMs(50)),
                Report.ms(accepted.percentileMs(100)), intact, n, Report.ms(t.toStored.percentileMs(50)),
                t.failuresText());
        c.report().row("i2. 50 MB LoadImage input: claim → /prompt (incl. upload)", "", Report.ms(t.toPrompt
                .percentileMs(50)), Report.ms(t.toPrompt.percentileMs(100)) + " (max)", details, "bytes intact",
                Report.verdict(t.failures() == 0 && intact == n, ""));
    }

    private static void exr(Ctx c, ComfyEmulator comfy, int n) throws Exception {
        ComfyPlan.File file = ComfyPlan.File.exr("dd_4k_00001_.exr").ofSize(EXR_BYTES);
        comfy.plan(plan().output(ComfyWorkflows.SAVE_NODE, file));
        ComfyTally t = new ComfyTally();
        Latencies fetches = new Latencies();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = c.api().submit(ComfyWorkflows.PATH, ComfyWorkflows.plain(i + 1));
            JsonNode task = awaitFinished(c, id, 5);
            t.add(ComfyCheck.of(task, comfy.times(id), STEPS));
            if (!Tasks.status(task).equals("SUCCESS")) {
                continue;
            }
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = c.api().download(URI.create(task.path("output").path(0).asText()));
            fetches.add(System.nanoTime() - t0);
            sameFile(r.headers().firstValue("Content-Type").orElse(""), r.body(), file).ifPresent(wrong::add);
        }
        comfy.plan(plan());
        double mibPerSecond = EXR_BYTES / 1048576.0 / (fetches.percentileMs(50) / 1000);
        String details = String.format(Locale.ROOT, "n=%d; %,d bytes; signed URL fetched by HttpClient in p50 %s "
                + "(%,.0f MiB/s), type and bytes %s; claim → /prompt p50 %s; failed checks %s", n, EXR_BYTES,
                Report.ms(fetches.percentileMs(50)), mibPerSecond, wrong.isEmpty() ? "right" : "**wrong**: " + wrong,
                Report.ms(t.toPrompt.percentileMs(50)), t.failuresText());
        c.report().row("i3. 4K EXR output: last event → output stored", "", Report.ms(t.toStored.percentileMs(50)),
                Report.ms(t.toStored.percentileMs(100)) + " (max)", details, "bytes intact",
                Report.verdict(t.failures() == 0 && wrong.isEmpty() && fetches.count() == n, ""));
    }

    /** Empty when a download ({@code type}, {@code body}) is the emulator's file byte for byte, as an EXR. */
    static Optional<String> sameFile(String type, byte[] body, ComfyPlan.File file) {
        if (!type.startsWith("image/x-exr")) {
            return Optional.of("Content-Type " + type);
        }
        if (body.length != file.size()) {
            return Optional.of(body.length + " bytes, not " + file.size());
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] != file.at(i)) {
                return Optional.of("byte " + i + " differs");
            }
        }
        return Optional.empty();
    }

    private static void queued(Ctx c, ComfyEmulator comfy, int n) throws Exception {
        comfy.plan(plan());
        int undelivered = comfy.undelivered();
        Cpu.Mark mark = c.cpu().mark();
        Instant first = Instant.now();
        String[] ids = new String[n];
        Load.Result submitted = c.times(n, 16, i -> ids[i] = c.api().submit(ComfyWorkflows.PATH,
                ComfyWorkflows.plain(i + 1)));
        ComfyTally t = new ComfyTally();
        Map<String, JsonNode> done = sweep(c, ids);
        Cpu.Usage cpu = mark.since();
        Instant last = first;
        for (String id : ids) {
            if (id == null) {
                t.missing("(submit)", "not accepted");
            } else if (!done.containsKey(id)) {
                t.missing(id, "not finished after " + QUEUE_TIMEOUT.toSeconds() + " s");
            } else {
                JsonNode task = done.get(id);
                t.add(ComfyCheck.of(task, comfy.times(id), STEPS));
                if (task.path("task_info").path("succeeded").isTextual()) {
                    Instant s = Instant.parse(task.path("task_info").path("succeeded").asText());
                    last = s.isAfter(last) ? s : last;
                }
            }
        }
        int lost = comfy.undelivered() - undelivered;
        Map<String, Integer> posts = promptsPerTask(comfy, ids);
        long once = posts.values().stream().filter(v -> v == 1).count();
        double seconds = Duration.between(first, last).toNanos() / 1e9;
        String details = String.format(Locale.ROOT, "n=%d submitted by 16 clients in %.1f s (submit errors %s); all "
                + "done after %.1f s (last task_info.succeeded − first POST); %s; prompts received once: %d of %d; "
                + "events sent to no socket: %d; failed checks %s; CPU: %s", n, submitted.wallNanos() / 1e9,
                submitted.errorText(), seconds, t.overheads(), once, n, lost, t.failuresText(), cpu);
        boolean met = t.failures() == 0 && t.count() == n && lost == 0 && once == n;
        c.report().row("i4. " + n + " comfy tasks queued on one slot: claim → /prompt", Report.rate(n / seconds,
                "tasks/s"), Report.ms(t.toPrompt.percentileMs(50)), Report.ms(t.toPrompt.percentileMs(99)),
                details, "all SUCCESS, progress seen, 0 lost events", Report.verdict(met, ""));
    }

    /** How many {@code POST /prompt} the emulator received for each task. */
    static Map<String, Integer> promptsPerTask(ComfyEmulator comfy, String[] ids) {
        Map<String, Integer> posts = new HashMap<>();
        for (String id : ids) {
            if (id != null) {
                posts.put(id, 0);
            }
        }
        for (JsonNode p : comfy.prompts()) {
            posts.computeIfPresent(p.path("prompt_id").asText(), (k, v) -> v + 1);
        }
        return posts;
    }

    /** Reads every unfinished task every 250 ms (16 clients) until all have ended or the time is up. */
    private static Map<String, JsonNode> sweep(Ctx c, String[] ids) throws InterruptedException {
        Map<String, JsonNode> done = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> pending = Arrays.stream(ids).filter(java.util.Objects::nonNull).toList();
        long deadline = System.nanoTime() + QUEUE_TIMEOUT.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> batch = pending;
            c.times(batch.size(), 16, i -> {
                JsonNode task = c.api().read(ComfyWorkflows.PATH + "/" + batch.get(i));
                if (finished(task)) {
                    done.put(batch.get(i), task);
                }
            });
            pending = batch.stream().filter(id -> !done.containsKey(id)).toList();
            if (!pending.isEmpty()) {
                Thread.sleep(250);
            }
        }
        return done;
    }

    private static boolean finished(JsonNode task) {
        return !Tasks.status(task).matches("PENDING|RECEIVED|STARTED|RETRY");
    }

    /** Polls every {@code pollMillis} until the task has ended, whichever way; fails after the task timeout. */
    private static JsonNode awaitFinished(Ctx c, String id, long pollMillis) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + TASK_TIMEOUT.toNanos();
        byte[] get = c.api().get(ComfyWorkflows.PATH + "/" + id);
        while (true) {
            JsonNode t = Api.JSON.readTree(c.api().send(get, 200).body());
            if (finished(t)) {
                return t;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("task " + id + " still " + Tasks.status(t) + " after " + TASK_TIMEOUT);
            }
            Thread.sleep(pollMillis);
        }
    }
}
