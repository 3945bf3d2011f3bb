package io.ddiffusion.schema.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The latest webhook message of one event kind: a newer message of the same kind (the next progress, say) replaces
 * it here once the earlier one is settled.
 *
 * @param id the message's {@code webhook-id}, the same on every retry
 * @param state {@code pending} (waiting for its first or next attempt), {@code delivered} (a 2xx answer),
 *     {@code failed} (retries exhausted, or the receiver answered 410 Gone) or {@code superseded} (a progress or logs
 *     message dropped unsent when the task finished: the completed message carries the final state)
 * @param attempts attempts made so far
 * @param responseStatus the HTTP status of the last attempt; absent when it got no answer
 * @param error why the last attempt failed, in a few words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The latest webhook message of one event kind")
public record WebhookDeliveryInfo(
        WebhookEvent event,
        @Schema(description = "The message's webhook-id, the same on every retry") String id,
        @Schema(enumeration = {"pending", "delivered", "failed", "superseded"}) String state,
        int attempts,
        @JsonProperty("response_status") Integer responseStatus,
        String error,
        @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @JsonProperty("delivered_at") Instant deliveredAt) {
}
