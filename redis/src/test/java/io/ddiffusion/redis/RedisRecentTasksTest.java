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

    @Test
    void aTrimEveryFewAddsTakesTheSetBackToItsCapacity() {
        RecentTasks recent = index(3);
        String set = keys.prefix() + "recent-tasks";
        for (int i = 1; i < RedisRecentTasks.TRIM_EVERY; i++) {
            recent.add(UUID.randomUUID(), Instant.ofEpochMilli(i));
        }
        assertThat(redis.raw().zcard(set)).as("past its capacity until the next trim")
                .isEqualTo(RedisRecentTasks.TRIM_EVERY - 1L);
        assertThat(recent.newest(10)).as("but never listed past the capacity").hasSize(3);

        UUID newest = UUID.randomUUID();
        recent.add(newest, Instant.ofEpochMilli(RedisRecentTasks.TRIM_EVERY));

        // why: the trim is sent without waiting; a read on the same connection comes after it
        assertThat(recent.newest(1)).containsExactly(newest);
        assertThat(redis.raw().zcard(set)).isEqualTo(3);
    }
}
