package io.ddiffusion.schema.common;

import java.util.Locale;

/** The broker queues. Local models share the GPU; external providers mostly wait on the network. */
public enum Queue {
    GPU,
    CPU,
    COMFY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Queue fromId(String id) {
        for (Queue q : values()) {
            if (q.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown queue '" + id + "' (expected gpu, cpu or comfy)");
    }
}
