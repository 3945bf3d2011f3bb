package io.ddiffusion.schema.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the original read from Flower, now kept in the task record itself: timestamps, worker, runtime, retries,
 * queue position while waiting and structured progress while running.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Task details: timestamps, worker, runtime, retries, queue position and progress")
public record TaskInfo(
        String name,
        String queue,
        String state,
        Instant received,
        Instant started,
        Instant succeeded,
        Instant failed,
        Instant revoked,
        String worker,
        @Schema(description = "Seconds between start and finish (or now, while running)") Double runtime,
        @Schema(description = "How many times the task was reclaimed from a worker that stopped") Integer retries,
        @JsonProperty("queue_position") QueuePosition queuePosition,
        Progress progress,
        @JsonProperty("user_id") String userId,
        @JsonProperty("machine_id") String machineId,
        @Schema(description = "The webhook's events and deliveries, when the create request named a webhook")
        WebhookInfo webhook) {
}
