package io.ddiffusion.core.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A user API key as anyone may see it: never the secret or its hash. */
public record ApiKey(
        @JsonProperty("key_id") String keyId,
        String name,
        @JsonProperty("created_at") Instant createdAt) {
}
