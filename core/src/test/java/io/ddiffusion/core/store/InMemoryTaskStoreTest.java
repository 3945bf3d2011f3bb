package io.ddiffusion.core.store;

import java.time.Duration;

class InMemoryTaskStoreTest extends TaskStoreContract {
    @Override
    protected TaskStore createStore(Duration retention) {
        return new InMemoryTaskStore(retention);
    }
}
