package io.ddiffusion.worker.providers.replicate;

import io.ddiffusion.worker.runtime.TaskContext;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a prediction's {@code logs} across polls: every new complete line goes to the task's logs, and progress
 * found in a line (a tqdm bar {@code 45%|████ | 9/20}, {@code step 9/20}, or a bare {@code 45%}) goes to the task's
 * structured progress. Replicate returns the whole log each time, so only what was not seen before is used.
 */
final class PredictionLogs {
    /** Log lines copied per prediction; a chatty model must not flood the task store. */
    static final int MAX_LINES = 1000;

    private static final Pattern TQDM = Pattern.compile("(\\d{1,3})%\\|[^|]*\\|\\s*(\\d+)/(\\d+)");
    private static final Pattern STEP = Pattern.compile("(?i)\\bsteps?\\s*:?\\s*(\\d+)\\s*(?:/|of)\\s*(\\d+)");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)\\s?%");

    private final TaskContext<?> task;
    private int consumed;
    private int lines;
    private String partial = "";
    /** The progress last reported, {@code [step, total]}; null before the first. */
    private long[] reported;

    PredictionLogs(TaskContext<?> task) {
        this.task = task;
    }

    /** Takes the full {@code logs} of the latest poll. */
    void accept(String logs) {
        if (logs == null) {
            return;
        }
        if (logs.length() < consumed) {
            consumed = 0; // why: the provider restarted the prediction's logs
            partial = "";
        }
        String text = partial + logs.substring(consumed);
        consumed = logs.length();
        int cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
        partial = text.substring(cut + 1);
        if (cut >= 0) {
            for (String line : text.substring(0, cut).split("[\r\n]+")) {
                emit(line);
            }
        }
        // why: a progress bar redraws its line without a newline; report it before the line completes
        progress(partial).ifPresent(this::report);
    }

    /** Emits a last line that never got its newline (the prediction ended). */
    void flush() {
        String rest = partial;
        partial = "";
        emit(rest);
    }

    private void emit(String raw) {
        String line = raw.strip();
        if (line.isEmpty()) {
            return;
        }
        progress(line).ifPresent(this::report);
        if (lines < MAX_LINES) {
            task.log(line);
        } else if (lines == MAX_LINES) {
            task.log("(further Replicate log lines omitted)");
        }
        lines++;
    }

    /**
     * Passes {@code p} on unless it is what was reported last. why: Replicate returns the whole log on every poll, so
     * an unfinished progress line is seen again and again; each report is a store write, and a worker polling
     * thousands of predictions would rewrite every task on every poll although nothing changed.
     */
    private void report(long[] p) {
        if (reported == null || reported[0] != p[0] || reported[1] != p[1]) {
            reported = p;
            task.progress(p[0], p[1]);
        }
    }

    /** {@code [step, total]} from one log line, if it reports progress. */
    static Optional<long[]> progress(String line) {
        Matcher bar = TQDM.matcher(line);
        long[] found = null;
        while (bar.find()) {
            long total = Long.parseLong(bar.group(3));
            found = total > 0 ? new long[] {Math.min(Long.parseLong(bar.group(2)), total), total}
                    : new long[] {Math.min(100, Long.parseLong(bar.group(1))), 100};
        }
        if (found != null) {
            return Optional.of(found);
        }
        Matcher step = STEP.matcher(line);
        while (step.find()) {
            long total = Long.parseLong(step.group(2));
            if (total > 0) {
                found = new long[] {Math.min(Long.parseLong(step.group(1)), total), total};
            }
        }
        if (found != null) {
            return Optional.of(found);
        }
        Matcher percent = PERCENT.matcher(line);
        while (percent.find()) {
            double value = Double.parseDouble(percent.group(1));
            if (value <= 100) {
                found = new long[] {Math.round(value), 100};
            }
        }
        return Optional.ofNullable(found);
    }
}
