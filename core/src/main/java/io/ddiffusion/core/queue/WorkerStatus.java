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
 * @param capabilities which models of its queues it can run now, and why not the others
 */
public record WorkerStatus(
        String id,
        String host,
        Map<String, Integer> queues,
        int running,
        @JsonProperty("loaded_models") List<String> loadedModels,
        String device,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("updated_at") Instant updatedAt,
        Capabilities capabilities) {

    public WorkerStatus {
        queues = Map.copyOf(queues);
        loadedModels = List.copyOf(loadedModels);
        capabilities = capabilities == null ? Capabilities.NONE : capabilities;
    }

    /** A status that says nothing about which models the worker can run. */
    public WorkerStatus(String id, String host, Map<String, Integer> queues, int running, List<String> loadedModels,
            String device, Instant startedAt, Instant updatedAt) {
        this(id, host, queues, running, loadedModels, device, startedAt, updatedAt, Capabilities.NONE);
    }

    /** Whether this worker takes tasks from {@code queueId}. */
    public boolean serves(String queueId) {
        return queues.containsKey(queueId);
    }

    /** A worker known only to be alive (it published no status). */
    public static WorkerStatus aliveOnly(String id) {
        return new WorkerStatus(id, null, Map.of(), 0, List.of(), null, null, null, Capabilities.NONE);
    }
}
