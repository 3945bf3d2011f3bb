package io.ddiffusion.schema.common;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A task's webhook as {@code task_info} shows it: the events it was asked for and each kind's latest message. */
@Schema(description = "The task's webhook: the events asked for and each kind's latest message")
public record WebhookInfo(List<WebhookEvent> events, List<WebhookDeliveryInfo> deliveries) {
}
