package io.ddiffusion.bench.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/** The results as Markdown, appended to the file the script started with its preamble. */
final class LocalModelsReport {
    static final String TINY_NOTE = """
            The tiny stand-in models (the worker tests' fixtures: real input/output names, element types and fixed \
            sizes, trivial arithmetic inside) measure the **pipeline's own overhead** on the CPU: image decoding, \
            resizing and tensor conversion, the scheduler and classifier-free guidance, tiling and blending, PNG \
            encoding and storing, and ONNX Runtime's per-call cost. They do **not** measure model compute: the real \
            models take seconds where these take milliseconds.""";
    static final String REAL_NOTE = """
            Real pinned weights from the Hugging Face cache. GPU memory is `nvidia-smi`'s `memory.used` for the \
            whole card (every process), sampled every 100 ms from before the pipeline's runtime starts until its \
            last run ends; each pipeline runs on a fresh runtime, closed before the next one.""";

    private LocalModelsReport() {
    }

    static String render(LocalBenchOptions o, List<PipelineResult> results) {
        boolean real = o.mode() == LocalBenchOptions.Mode.REAL;
        StringBuilder md = new StringBuilder("\n## ").append(real ? "Real weights" : "Tiny stand-in models, CPU")
                .append("\n\n").append(real ? REAL_NOTE : TINY_NOTE).append("\n\n");
        results.stream().filter(r -> r.problem().isEmpty()).findFirst().ifPresent(r -> md.append("- ")
                .append(r.engine()).append("; engine start ").append(r.engineStartMs())
                .append(" ms (native library and environment, paid by the first pipeline only)\n"));
        md.append("- A run: decode the stored input image, the handler (pre-processing, every session, "
                + "post-processing, PNG encoding), store the output. First run = cold: it loads every session "
                + "(\"loads\" is their sum, from the residency's \"Loaded … in N ms\" lines) and runs JIT-cold code. "
                + "Warm: ").append(o.runs()).append(" more runs with the sessions resident").append(o.runs() < 10
                        ? "; p90 of fewer than 10 runs is the slowest one" : "; p90 by nearest rank")
                .append(".\n\n");
        md.append("| Pipeline | Workload | First run | of which loads | Warm p50 | Warm p90 | Denoising step, first / "
                + "warm p50 |").append(real ? " GPU memory used: start → peak (added) |" : "").append('\n');
        md.append("|---|---|---:|---:|---:|---:|---:|").append(real ? "---:|" : "").append('\n');
        for (PipelineResult r : results) {
            md.append("| ").append(r.model()).append(" | ");
            if (r.problem().isPresent()) {
                md.append(r.workload().isEmpty() ? "" : r.workload() + ": ").append(r.failed() ? "**failed**"
                        : "**skipped**").append(" (see below) | | | | | |").append(real ? " |" : "").append('\n');
                continue;
            }
            md.append(r.workload()).append(" | ").append(ms(r.firstRunMs())).append(" | ").append(ms(r.loadMs()))
                    .append(" | ").append(ms(r.warmMs().percentileMs(50))).append(" | ")
                    .append(ms(r.warmMs().percentileMs(90))).append(" | ").append(r.firstStepMs().map(first ->
                            ms(first) + " / " + ms(r.warmStepMs().percentileMs(50))).orElse("")).append(" |");
            if (real) {
                md.append(' ').append(r.gpu().map(g -> mib(g.baselineMib()) + " → " + mib(g.peakMib()) + " (+"
                        + mib(g.peakMib() - g.baselineMib()) + ")").orElse("no nvidia-smi")).append(" |");
            }
            md.append('\n');
        }
        if (results.stream().anyMatch(r -> r.problem().isPresent())) {
            md.append('\n');
            results.forEach(r -> r.problem().ifPresent(p -> md.append("- ").append(r.model()).append(": ")
                    .append(p).append('\n')));
        }
        if (results.stream().anyMatch(r -> !r.loads().isEmpty())) {
            md.append("\n| Session (cold load) | Size on disk | Load |\n|---|---:|---:|\n");
            for (PipelineResult r : results) {
                for (LogTimings.Load l : r.loads()) {
                    md.append("| ").append(l.session()).append(" | ").append(l.mib() == 0 ? "< 1 MiB"
                            : mib(l.mib())).append(" | ").append(l.millis() == 0 ? "< 1 ms" : ms(l.millis()))
                            .append(" |\n");
                }
            }
        }
        return md.toString();
    }

    /** Why nothing ran: the missing weights, one line each. */
    static String refusal(List<String> messages) {
        StringBuilder md = new StringBuilder("\n## Nothing was run\n\n");
        messages.forEach(m -> md.append("- ").append(m).append('\n'));
        return md.append("- Pull the weights first, or leave those models out (BENCH_ONLY / --only).\n").toString();
    }

    static void append(Path file, String markdown) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Whole milliseconds, as the pipelines log them. */
    static String ms(long millis) {
        return String.format(Locale.ROOT, "%,d ms", millis);
    }

    /** Milliseconds to three significant figures or whole, with thousands separators. */
    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "–";
        }
        String v = millis < 10 ? String.format(Locale.ROOT, "%.2f", millis)
                : millis < 100 ? String.format(Locale.ROOT, "%.1f", millis)
                : String.format(Locale.ROOT, "%,d", Math.round(millis));
        return v + " ms";
    }

    private static String mib(long mib) {
        return String.format(Locale.ROOT, "%,d MiB", mib);
    }
}
