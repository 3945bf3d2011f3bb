package io.ddiffusion.core.queue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a live worker publishes with each heartbeat: the queues it serves with their slots, what it runs, and the local
 * models it holds in memory (so an operator — and later the router — can see where a model is warm).
 *
 * @param queues queue id → concurrency
 * @param device where local models run ({@code cpu}, {@code cuda}), or null before the first local task
 */
public record WorkerStatus(
        String id,
        String host,
        Map<String, Integer> queues,
        int running,
        @JsonProperty("loaded_models") List<String> loadedModels,
        String device,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    public WorkerStatus {
        queues = Map.copyOf(queues);
        loadedModels = List.copyOf(loadedModels);
    }

    /** A worker known only to be alive (it published no status). */
    public static WorkerStatus aliveOnly(String id) {
        return new WorkerStatus(id, null, Map.of(), 0, List.of(), null, null, null);
    }
}
