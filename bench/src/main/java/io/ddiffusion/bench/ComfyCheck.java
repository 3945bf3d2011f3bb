package io.ddiffusion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.worker.workflows.comfy.ComfyEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One finished comfy task held against what the emulator saw of its prompt: whether it went as it must (SUCCESS,
 * an output, its progress seen from the first sampler step to the last, one prompt that reached the sidecar and
 * ended there, in that order), and the worker's overhead on each side of the prompt: the task's start (the worker's
 * first write after the claim, {@code task_info.started}) to the emulator receiving {@code POST /prompt}, and the
 * emulator's last event to the output stored ({@code task_info.succeeded}, written once the output is). The
 * timestamps are the server's and the emulator's wall clocks, on the same machine.
 *
 * @param claimToPromptNanos -1 when the task has no such pair of times
 * @param lastEventToStoredNanos -1 likewise
 * @param runNanos the task's whole time on its slot, started to succeeded; -1 likewise
 * @param problems empty when the task went as it must
 */
record ComfyCheck(String id, long claimToPromptNanos, long lastEventToStoredNanos, long runNanos,
        List<String> problems) {

    /** {@code task} as {@code GET /api/workflows/{id}} shows it once finished; {@code steps} the plan's. */
    static ComfyCheck of(JsonNode task, Optional<ComfyEmulator.Times> times, int steps) {
        String id = task.path("id").asText();
        List<String> problems = new ArrayList<>();
        String status = task.path("status").asText();
        if (!status.equals("SUCCESS")) {
            problems.add("ended " + status + ": " + task.path("error_message").asText(""));
        }
        if (status.equals("SUCCESS") && task.path("output").isEmpty()) {
            problems.add("no output");
        }
        JsonNode progress = task.path("task_info").path("progress");
        if (progress.path("step").asLong(-1) != steps || progress.path("total").asLong(-1) != steps) {
            problems.add("progress " + progress.path("step").asText("?") + "/" + progress.path("total").asText("?")
                    + ", not " + steps + "/" + steps);
        }
        // why: the worker logs a sampler's first step and its last; both lines say their events arrived
        if (!logged(task, 1, steps) || !logged(task, steps, steps)) {
            problems.add("the log lacks the first or the last sampler step (1/" + steps + ", " + steps + "/"
                    + steps + ")");
        }
        Instant started = instant(task, "started");
        Instant stored = instant(task, "succeeded");
        long toPrompt = -1;
        long toStored = -1;
        long run = -1;
        if (times.isEmpty()) {
            problems.add("no POST /prompt reached the sidecar");
        } else if (times.get().lastEvent() == null) {
            problems.add("its prompt never ended on the sidecar");
        } else if (started != null && stored != null) {
            toPrompt = Duration.between(started, times.get().received()).toNanos();
            toStored = Duration.between(times.get().lastEvent(), stored).toNanos();
            run = Duration.between(started, stored).toNanos();
            if (toPrompt < 0 || toStored < 0) {
                problems.add("out of order: started " + started + ", /prompt " + times.get().received()
                        + ", last event " + times.get().lastEvent() + ", stored " + stored);
            }
        }
        return new ComfyCheck(id, toPrompt, toStored, run, List.copyOf(problems));
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /** Whether a log line ends in {@code step/steps}, as the worker logs a sampler's progress. */
    private static boolean logged(JsonNode task, int step, int steps) {
        String suffix = ": " + step + "/" + steps;
        JsonNode logs = task.path("logs");
        if (logs.isArray()) {
            for (JsonNode line : logs) {
                if (line.asText().endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        }
        return logs.asText().lines().anyMatch(l -> l.endsWith(suffix));
    }

    private static Instant instant(JsonNode task, String field) {
        JsonNode v = task.path("task_info").path(field);
        return v.isTextual() ? Instant.parse(v.asText()) : null;
    }
}
