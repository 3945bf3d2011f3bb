package io.ddiffusion.core.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryRecentTasksTest extends RecentTasksContract {
    @Override
    protected RecentTasks index(int capacity) {
        return new InMemoryRecentTasks(capacity);
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new InMemoryRecentTasks(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
