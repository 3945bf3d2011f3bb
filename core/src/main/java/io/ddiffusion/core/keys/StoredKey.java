package io.ddiffusion.core.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A key as persisted: salted SHA-256 of the secret, as the original stores it, so stores stay compatible. */
public record StoredKey(
        @JsonProperty("key_id") String keyId,
        String name,
        String salt,
        String hash,
        @JsonProperty("created_at") Instant createdAt) {

    public ApiKey publicView() {
        return new ApiKey(keyId, name, createdAt);
    }
}
