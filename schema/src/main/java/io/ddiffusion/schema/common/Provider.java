package io.ddiffusion.schema.common;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who runs a model: our own workers, or an approved external provider. */
public enum Provider {
    LOCAL("local"),
    OPENAI("openai"),
    REPLICATE("replicate");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public boolean external() {
        return this != LOCAL;
    }
}
