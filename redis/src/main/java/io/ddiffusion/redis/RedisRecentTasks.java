package io.ddiffusion.redis;

import io.ddiffusion.core.store.RecentTasks;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The index as a sorted set shared by every API node. Adds are sent without waiting for the answer (pipelined on the
 * shared connection), so recording a submit costs its request no round trip. The set is trimmed to its capacity on
 * every {@value #TRIM_EVERY}th add of a node, so it may hold that many more per node; reads never list more than the
 * capacity. why: a trim on each add was one more Redis command per submit
 */
public final class RedisRecentTasks implements RecentTasks {
    private static final Logger LOG = Logger.getLogger(RedisRecentTasks.class);

    private final RedisConnections redis;
    private final String key;
    static final int TRIM_EVERY = 64;

    private final int capacity;
    private final AtomicInteger adds = new AtomicInteger();

    public RedisRecentTasks(RedisConnections redis, RedisKeys keys, int capacity) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.key = keys.recentTasks();
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    public RedisRecentTasks(RedisConnections redis, RedisKeys keys) {
        this(redis, keys, CAPACITY);
    }

    @Override
    public void add(UUID id, Instant submittedAt) {
        var async = redis.async();
        async.zadd(key, submittedAt.toEpochMilli(), id.toString()).exceptionally(this::lost);
        if (adds.incrementAndGet() % TRIM_EVERY == 0) {
            async.zremrangebyrank(key, 0, -(capacity + 1L)).exceptionally(this::lost);
        }
    }

    private <T> T lost(Throwable e) {
        LOG.debugf("recent-task index not updated: %s", e.getMessage());
        return null;
    }

    @Override
    public List<UUID> newest(int limit) {
        if (limit < 1) {
            return List.of();
        }
        return redis.sync().zrevrange(key, 0, Math.min(limit, capacity) - 1L).stream().map(UUID::fromString).toList();
    }
}
