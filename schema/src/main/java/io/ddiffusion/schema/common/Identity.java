package io.ddiffusion.schema.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who submitted a task, recorded with it: the headers {@code x-user-id}/{@code x-machine-id} and the key used. */
public record Identity(
        @JsonProperty("user_id") String userId,
        @JsonProperty("machine_id") String machineId,
        @JsonProperty("client_ip") String clientIp,
        @JsonProperty("key_name") String keyName,
        @JsonProperty("key_id") String keyId) {
}
