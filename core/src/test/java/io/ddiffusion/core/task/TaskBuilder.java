package io.ddiffusion.core.task;

import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.Queue;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test data by intention: {@code aPendingTask()}, {@code aPendingTask().withName(..)}. */
public final class TaskBuilder {
    private UUID id = UUID.randomUUID();
    private String name = "images.sd-xl";
    private Queue queue = Queue.GPU;
    private String owner = "key1";
    private String request = "{\"model\":\"sd-xl\"}";
    private Map<String, String> inputs = Map.of();

    public static TaskBuilder aPendingTask() {
        return new TaskBuilder();
    }

    public TaskBuilder withId(UUID value) {
        this.id = value;
        return this;
    }

    public TaskBuilder withName(String value, Queue q) {
        this.name = value;
        this.queue = q;
        return this;
    }

    public TaskBuilder ownedBy(String keyId) {
        this.owner = keyId;
        return this;
    }

    public TaskBuilder withRequest(String json) {
        this.request = json;
        return this;
    }

    public TaskBuilder withInputs(Map<String, String> value) {
        this.inputs = value;
        return this;
    }

    public Task build() {
        return Task.submitted(id, name, queue, owner, new Identity("alice", "ws-1", "127.0.0.1", "studio", owner),
                request, inputs, Instant.now());
    }
}
