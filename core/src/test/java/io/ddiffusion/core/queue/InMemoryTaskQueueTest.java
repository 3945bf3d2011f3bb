package io.ddiffusion.core.queue;

class InMemoryTaskQueueTest extends TaskQueueContract {
    @Override
    protected TaskQueue createQueue() {
        return new InMemoryTaskQueue();
    }
}
