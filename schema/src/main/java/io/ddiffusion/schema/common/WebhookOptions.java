package io.ddiffusion.schema.common;

import java.util.List;

/**
 * The webhook fields every create request carries (Replicate's names): where to POST the task's state and for which
 * events. Both are optional; without {@code webhook} nothing is sent.
 */
public interface WebhookOptions {
    /** Shown in the OpenAPI document for {@code webhook}. */
    String URL_DESCRIPTION = "HTTPS URL the server POSTs the task's GET body to, signed per Standard Webhooks "
            + "(webhook-id, webhook-timestamp, webhook-signature); retried with backoff for about a day";
    /** Shown in the OpenAPI document for {@code webhook_events_filter}. */
    String FILTER_DESCRIPTION = "Which events call the webhook (default: completed); needs webhook";

    String webhook();

    List<WebhookEvent> webhookEventsFilter();
}
