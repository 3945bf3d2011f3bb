package io.ddiffusion.api.webhooks;

import io.ddiffusion.api.http.ValidationException;
import io.ddiffusion.api.http.ValidationProblem;
import io.ddiffusion.core.webhooks.Webhook;
import io.ddiffusion.schema.common.WebhookOptions;
import java.net.URI;

/** Turns a create request's webhook fields into the task's {@link Webhook}, refusing what cannot be sent (422). */
public final class WebhookRequests {
    private WebhookRequests() {
    }

    /**
     * The request's webhook, or null when it names none.
     *
     * @throws ValidationException naming {@code webhook} or {@code webhook_events_filter}
     */
    public static Webhook of(WebhookOptions request, WebhookSettings settings) {
        if (request.webhook() == null) {
            if (request.webhookEventsFilter() != null) {
                throw problem("webhook_events_filter", "needs webhook: name the URL to call", "value_error");
            }
            return null;
        }
        if (!settings.enabled()) {
            throw problem("webhook", "is not available: this server sends no webhooks (its operator sets "
                    + WebhookSettings.SECRET_VARIABLE + " to turn them on)", "webhooks_off");
        }
        try {
            URI uri = WebhookTargets.parse(request.webhook(), settings.allowPrivate());
            WebhookTargets.resolve(uri, settings.allowPrivate());
        } catch (WebhookTargets.RefusedTargetException e) {
            throw problem("webhook", e.getMessage(), "url_refused");
        }
        return new Webhook(request.webhook(), request.webhookEventsFilter());
    }

    private static ValidationException problem(String field, String message, String type) {
        return new ValidationException(ValidationProblem.body(message, type, field));
    }
}
