package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.InMemoryTaskQueue;
import java.time.Clock;
import java.time.Duration;

class InMemoryTaskSnapshotsTest extends TaskSnapshotsContract {
    @Override
    protected void createBackend() {
        store = new InMemoryTaskStore(Duration.ofMinutes(5));
        queue = new InMemoryTaskQueue(Clock.systemUTC());
        intake = TaskIntake.of(store, queue);
        snapshots = TaskSnapshots.of(store, queue);
    }
}
