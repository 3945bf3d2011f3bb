package io.ddiffusion.core.store;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.task.TraceContext;
import io.ddiffusion.core.webhooks.Webhook;
import io.ddiffusion.schema.common.Identity;
import io.ddiffusion.schema.common.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Tasks as the embedded store keeps them: a task and the records in it as JSON arrays of their values in the order of
 * their components, without names, and times as numbers. A finished task is kept for days, and the names were a third
 * of its JSON (735 → 479 bytes for a bench task); reading an array is also faster than reading an object. Nothing
 * outside this process reads these bytes, so the shape may change with the record.
 */
final class PositionalJson {
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    private interface Positional {
    }

    /** Shares {@link Json#MAPPER}'s settings and buffer pool. */
    private static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .addMixIn(Task.class, Positional.class)
            .addMixIn(Identity.class, Positional.class)
            .addMixIn(Progress.class, Positional.class)
            .addMixIn(TraceContext.class, Positional.class)
            .addMixIn(Webhook.class, Positional.class)
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private PositionalJson() {
    }

    static byte[] write(Task task) {
        try {
            return MAPPER.writeValueAsBytes(task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Task read(byte[] json) {
        try {
            return MAPPER.readValue(json, Task.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
