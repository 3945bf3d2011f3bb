package io.ddiffusion.core.webhooks;

import io.ddiffusion.schema.common.WebhookEvent;
import java.util.List;
import java.util.Objects;

/**
 * A task's webhook as its create request named it, checked.
 *
 * @param url the receiver, an absolute http(s) URL
 * @param events what calls it, without duplicates, in {@link WebhookEvent} order
 */
public record Webhook(String url, List<WebhookEvent> events) {
    /** What is sent when a request names a webhook but no events: the finished task only. */
    public static final List<WebhookEvent> DEFAULT_EVENTS = List.of(WebhookEvent.COMPLETED);

    public Webhook {
        Objects.requireNonNull(url, "url");
        events = events == null || events.isEmpty() ? DEFAULT_EVENTS
                : events.stream().distinct().sorted().toList();
    }

    public boolean wants(WebhookEvent event) {
        return events.contains(event);
    }
}
