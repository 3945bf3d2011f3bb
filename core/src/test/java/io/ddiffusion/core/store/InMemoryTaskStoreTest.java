package io.ddiffusion.core.store;

import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.queue.TaskQueue;
import java.time.Duration;

class InMemoryTaskStoreTest extends TaskStoreContract {
    @Override
    protected TaskStore createStore(Duration retention) {
        return new InMemoryTaskStore(retention);
    }

    @Override
    protected TaskQueue queueFor(TaskStore store) {
        return new InMemoryTaskQueue();
    }
}
