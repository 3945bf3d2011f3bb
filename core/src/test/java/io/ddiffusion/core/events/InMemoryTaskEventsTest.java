package io.ddiffusion.core.events;

import io.ddiffusion.core.store.InMemoryTaskStore;
import java.time.Clock;
import java.time.Duration;

class InMemoryTaskEventsTest extends TaskEventsContract {
    @Override
    protected Backend backend() {
        InMemoryTaskEvents events = new InMemoryTaskEvents(Clock.systemUTC());
        return new Backend(new InMemoryTaskStore(Duration.ofMinutes(5), Clock.systemUTC(), events), events);
    }
}
