package io.ddiffusion.core.webhooks;

import io.ddiffusion.core.events.InMemoryTaskEvents;
import io.ddiffusion.core.store.InMemoryTaskStore;
import java.time.Clock;
import java.time.Duration;

class InMemoryWebhookOutboxTest extends WebhookOutboxContract {
    @Override
    protected Backend backend() {
        Clock clock = Clock.systemUTC();
        InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox(clock);
        return new Backend(new InMemoryTaskStore(Duration.ofMinutes(5), clock, new InMemoryTaskEvents(clock,
                outbox::onEvent)), outbox);
    }
}
