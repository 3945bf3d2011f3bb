package io.ddiffusion.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@link ComfyCheck}s of one phase: both overheads as percentiles, and the tasks that did not go as they must. */
final class ComfyTally {
    private static final int SHOWN = 3;
    final Latencies toPrompt = new Latencies();
    final Latencies toStored = new Latencies();
    final Latencies run = new Latencies();
    private final List<ComfyCheck> failed = new ArrayList<>();
    private int count;

    synchronized void add(ComfyCheck c) {
        count++;
        if (!c.ok()) {
            failed.add(c);
        }
        if (c.claimToPromptNanos() >= 0) {
            toPrompt.add(c.claimToPromptNanos());
            toStored.add(c.lastEventToStoredNanos());
            run.add(c.runNanos());
        }
    }

    /** A task that never finished, or could not be read, counts as a failed check. */
    synchronized void missing(String id, String why) {
        count++;
        failed.add(new ComfyCheck(id, -1, -1, -1, List.of(why)));
    }

    synchronized int count() {
        return count;
    }

    synchronized int failures() {
        return failed.size();
    }

    /** "0", or how many tasks failed their check and the first few with their problems. */
    synchronized String failuresText() {
        if (failed.isEmpty()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "**%d of %d**", failed.size(), count));
        failed.stream().limit(SHOWN).forEach(c -> sb.append("; ").append(c.id()).append(": ")
                .append(String.join(", ", c.problems())));
        return sb.toString();
    }

    /** The two overheads' p50 and p99, and the tasks' whole time on the slot. */
    synchronized String overheads() {
        return "claim → /prompt p50 " + Report.ms(toPrompt.percentileMs(50)) + ", p99 " + Report.ms(toPrompt
                .percentileMs(99)) + "; last event → stored p50 " + Report.ms(toStored.percentileMs(50)) + ", p99 "
                + Report.ms(toStored.percentileMs(99)) + "; started → succeeded p50 " + Report.ms(run
                .percentileMs(50)) + ", p99 " + Report.ms(run.percentileMs(99));
    }
}
