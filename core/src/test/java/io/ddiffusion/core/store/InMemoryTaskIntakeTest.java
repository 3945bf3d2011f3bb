package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.InMemoryTaskQueue;
import java.time.Clock;
import java.time.Duration;

class InMemoryTaskIntakeTest extends TaskIntakeContract {
    @Override
    protected void createBackend() {
        store = new InMemoryTaskStore(Duration.ofMinutes(5));
        queue = new InMemoryTaskQueue(Clock.systemUTC());
        intake = TaskIntake.of(store, queue);
    }
}
