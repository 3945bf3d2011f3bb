package io.ddiffusion.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.store.RecentTasks;
import io.ddiffusion.core.store.RecentTasksContract;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRecentTasksTest extends RecentTasksContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    private RedisKeys keys;

    @Override
    protected RecentTasks index(int capacity) {
        keys = redis.freshKeys();
        return new RedisRecentTasks(redis.connections(), keys, capacity);
    }

    @Test
    void theIndexIsOneSortedSetUnderThePrefixScoredBySubmitTime() {
        RecentTasks recent = index(5);
        UUID id = UUID.randomUUID();
        recent.add(id, Instant.ofEpochMilli(1_765_000_000_123L));

        assertThat(recent.newest(1)).containsExactly(id);
        assertThat(redis.raw().zscore(keys.prefix() + "recent-tasks", id.toString())).isEqualTo(1_765_000_000_123.0);
    }
}
