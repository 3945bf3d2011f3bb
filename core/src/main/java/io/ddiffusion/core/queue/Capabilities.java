package io.ddiffusion.core.queue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a worker can run now, published with its heartbeat: the task names of the registry models on the queues it
 * serves, each either runnable or with the reason it is not (saying what to do). The API's {@code /models} and its
 * submit check read these instead of guessing from its own settings.
 *
 * @param canRun task names this worker can run now
 * @param cannotRun task name → why not
 */
public record Capabilities(
        @JsonProperty("can_run") List<String> canRun,
        @JsonProperty("cannot_run") Map<String, String> cannotRun) {

    /** A worker that reported nothing (an older build). */
    public static final Capabilities NONE = new Capabilities(List.of(), Map.of());

    public Capabilities {
        canRun = canRun == null ? List.of() : List.copyOf(canRun);
        cannotRun = cannotRun == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cannotRun));
    }

    /** Whether this worker said it can run {@code taskName} now. */
    public boolean canRun(String taskName) {
        return canRun.contains(taskName);
    }

    /** Why this worker said it cannot run {@code taskName}; empty when it can or said nothing about it. */
    public Optional<String> cannotRun(String taskName) {
        return Optional.ofNullable(cannotRun.get(taskName));
    }
}
