package io.ddiffusion.worker.testing;

import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskHandler;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.runtime.TaskResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A handler for tests with knobs in the prompt, like DJL's EchoTranslator: {@code sleep=MS} (in {@code steps=N}
 * steps, reporting progress, checking cancellation between steps), {@code fail=MESSAGE}, {@code ignore-cancel} (spins
 * through interrupts, for hard limits), {@code log=LINE}, {@code outputs=N}, {@code decode} (decodes every image input
 * and holds it until the end, as image handlers do), {@code oom} (allocates until the heap runs out). Files echo the
 * inputs, or a tiny PNG; texts answer {@code echo: <prompt>}.
 */
public final class EchoHandler<R> implements TaskHandler<R> {
    /** Tiny valid 1x1 PNG. */
    public static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /** Invocations per task id, and how many handlers run at this moment: what tests assert on. */
    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    public static final AtomicInteger CONCURRENT = new AtomicInteger();
    public static final AtomicInteger MAX_CONCURRENT = new AtomicInteger();
    public static final Map<String, String> CANCELLED = new ConcurrentHashMap<>();

    private final Class<R> type;
    private final Function<R, String> prompt;
    private final boolean text;

    public EchoHandler(Class<R> type, Function<R, String> prompt, boolean text) {
        this.type = type;
        this.prompt = prompt;
        this.text = text;
    }

    public static void reset() {
        RUNS.clear();
        CANCELLED.clear();
        CONCURRENT.set(0);
        MAX_CONCURRENT.set(0);
    }

    @Override
    public Class<R> requestType() {
        return type;
    }

    @Override
    public TaskResult run(TaskContext<R> ctx) throws Exception {
        RUNS.computeIfAbsent(ctx.taskId().toString(), k -> new AtomicInteger()).incrementAndGet();
        int now = CONCURRENT.incrementAndGet();
        MAX_CONCURRENT.accumulateAndGet(now, Math::max);
        try {
            return script(ctx);
        } finally {
            CONCURRENT.decrementAndGet();
        }
    }

    private TaskResult script(TaskContext<R> ctx) throws Exception {
        Knobs k = Knobs.parse(prompt.apply(ctx.request()));
        k.logs.forEach(ctx::log);
        if (k.checkpoint) {
            // why: stands for a provider job: the first attempt records it, a later one attaches to it
            ctx.checkpoint("echo.job").ifPresentOrElse(job -> ctx.log("attached to " + job),
                    () -> ctx.checkpoint("echo.job", "job-" + ctx.taskId(), "started job-" + ctx.taskId()));
        }
        ctx.cancellation().onCancel(() -> CANCELLED.put(ctx.taskId().toString(),
                ctx.cancellation().reason().map(Enum::name).orElse("?")));
        List<java.awt.image.BufferedImage> decoded = new ArrayList<>();
        if (k.decode) {
            for (String field : ctx.inputs().keys().keySet()) {
                var img = Images.decodeRgb(ctx.inputs().get(field).orElseThrow().bytes());
                decoded.add(img);
                ctx.log("decoded " + field + " " + img.getWidth() + "x" + img.getHeight());
            }
        }
        if (k.oom) {
            exhaustHeap();
        }
        long perStep = k.sleep / Math.max(1, k.steps);
        for (int i = 1; i <= k.steps; i++) {
            if (k.ignoreCancel) {
                spin(perStep);
            } else {
                ctx.cancellation().throwIfCancelled();
                Thread.sleep(perStep);
            }
            ctx.progress(i, k.steps);
        }
        if (k.fail != null) {
            throw new IllegalStateException(k.fail);
        }
        decoded.clear();
        if (text) {
            return TaskResult.text("echo: " + prompt.apply(ctx.request()));
        }
        List<String> keys = new ArrayList<>();
        List<TaskInputs.Input> inputs = new ArrayList<>(ctx.inputs().keys().keySet().stream()
                .sorted().map(f -> ctx.inputs().get(f).orElseThrow()).toList());
        for (int i = 0; i < k.outputs; i++) {
            if (i < inputs.size()) {
                keys.add(ctx.writeOutput(inputs.get(i).extension(), new ByteArrayInputStream(inputs.get(i).bytes())));
            } else {
                keys.add(ctx.writeOutput("png", new ByteArrayInputStream(PNG)));
            }
        }
        return TaskResult.files(keys);
    }

    /** Allocates 1 MiB blocks until the heap is full: a real out-of-memory, freed when it unwinds. */
    private static void exhaustHeap() {
        List<byte[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new byte[1 << 20]);
        }
    }

    /** Burns time ignoring interrupts and the token: a handler that does not cooperate. */
    private static void spin(long ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                // deliberately ignored
            }
        }
    }

    private record Knobs(long sleep, int steps, String fail, boolean ignoreCancel, List<String> logs, int outputs,
            boolean checkpoint, boolean decode, boolean oom) {
        static Knobs parse(String prompt) throws IOException {
            long sleep = 0;
            int steps = 1;
            int outputs = 1;
            String fail = null;
            boolean ignore = false;
            boolean checkpoint = false;
            boolean decode = false;
            boolean oom = false;
            List<String> logs = new ArrayList<>();
            for (String part : prompt.split(";")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                String key = eq < 0 ? p : p.substring(0, eq);
                String value = eq < 0 ? "" : p.substring(eq + 1);
                switch (key) {
                    case "sleep" -> sleep = Long.parseLong(value);
                    case "steps" -> steps = Integer.parseInt(value);
                    case "fail" -> fail = value;
                    case "ignore-cancel" -> ignore = true;
                    case "log" -> logs.add(value);
                    case "outputs" -> outputs = Integer.parseInt(value);
                    case "checkpoint" -> checkpoint = true;
                    case "decode" -> decode = true;
                    case "oom" -> oom = true;
                    default -> {
                        // ordinary prompt words
                    }
                }
            }
            return new Knobs(sleep, steps, fail, ignore, logs, outputs, checkpoint, decode, oom);
        }
    }
}
