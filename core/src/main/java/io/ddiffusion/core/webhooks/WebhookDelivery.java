package io.ddiffusion.core.webhooks;

import io.ddiffusion.schema.common.WebhookEvent;
import java.util.Objects;
import java.util.UUID;

/**
 * One attempt to send a message, as {@link WebhookOutbox#claim} hands it out.
 *
 * @param messageId the {@code webhook-id}: the same on every attempt of this message
 * @param attempt 1 for the first attempt
 * @param lease what the answer is recorded under: a later claim of the same message (this one's lease ran out)
 *     makes this attempt's answer count for nothing
 */
public record WebhookDelivery(UUID taskId, WebhookEvent event, String messageId, int attempt, String url,
        String lease) {

    public WebhookDelivery {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(lease, "lease");
    }
}
