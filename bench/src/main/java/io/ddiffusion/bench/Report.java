package io.ddiffusion.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Prints one result line per measurement and appends it as a row to the Markdown results file. */
final class Report {
    static final String HEADER = """
            | Mode | Scenario | Throughput | p50 | p99 | Details | Target | Met |
            |------|----------|-----------:|----:|----:|---------|--------|-----|
            """;
    private static final AtomicInteger ERRORS_SHOWN = new AtomicInteger();

    private final Path file;
    private final String mode;

    Report(Path file, String mode) throws IOException {
        this.file = file;
        this.mode = mode;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        // why: run.sh writes a preamble first; the table starts with the first row of the run
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).contains(HEADER)) {
            Files.writeString(file, "\n" + HEADER, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** One measurement; empty strings for columns that do not apply. */
    synchronized void row(String scenario, String throughput, String p50, String p99, String details, String target,
            String met) throws IOException {
        System.out.printf(Locale.ROOT, "%-11s %-32s %16s  p50 %-10s p99 %-10s %s  [target: %s → %s]%n", mode,
                scenario, throughput, p50, p99, details, target.isEmpty() ? "-" : target, met.isEmpty() ? "-" : met);
        String line = String.join(" | ", mode, scenario, throughput, p50, p99, details, target, met);
        Files.writeString(file, "| " + line.replace("\n", " ") + " |\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    /** Shows the first few failures in full; the rows count them all. */
    static void firstError(Exception e) {
        if (ERRORS_SHOWN.incrementAndGet() <= 5) {
            System.err.println("  ! " + e);
        }
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v < 10 ? "%.2f ms" : "%.1f ms", v);
    }

    static String rate(double v, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", v, unit);
    }

    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    static String verdict(boolean met, String how) {
        return (met ? "yes" : "**no**") + (how.isEmpty() ? "" : " (" + how + ")");
    }
}
