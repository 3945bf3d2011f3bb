package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.store.TaskStore;
import java.time.Duration;

class InMemoryWorkerTest extends WorkerContract {
    @Override
    protected TaskQueue createQueue() {
        return new InMemoryTaskQueue();
    }

    @Override
    protected TaskStore createStore(Duration retention) {
        return new InMemoryTaskStore(retention);
    }
}
