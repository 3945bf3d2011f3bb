package io.ddiffusion.app;

import io.ddiffusion.core.keys.FileKeyStore;
import io.ddiffusion.core.keys.KeyStore;
import io.ddiffusion.core.queue.BrokerHealth;
import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.store.TaskIntake;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.uploads.InMemoryUploadRegistry;
import io.ddiffusion.core.uploads.UploadRegistry;
import io.ddiffusion.redis.RedisBrokerHealth;
import io.ddiffusion.redis.RedisConnections;
import io.ddiffusion.redis.RedisErrors;
import io.ddiffusion.redis.RedisKeyStore;
import io.ddiffusion.redis.RedisKeys;
import io.ddiffusion.redis.RedisTaskQueue;
import io.ddiffusion.redis.RedisTaskStore;
import io.ddiffusion.redis.RedisUploadRegistry;
import java.time.Clock;

/**
 * Chooses the implementations from the settings: with a Redis URL, the Redis broker, store and keys (API and worker
 * processes on many machines share them); without, the embedded ones in this process. Storage is the filesystem in
 * both (one directory, or a volume shared by every node).
 */
public final class Infrastructure implements AutoCloseable {
    private final TaskQueue queue;
    private final TaskStore store;
    private final TaskIntake intake;
    private final BlobStorage storage;
    private final KeyStore keys;
    private final UploadRegistry uploads;
    private final RedisConnections redis;
    private final RedisBrokerHealth redisHealth;

    private Infrastructure(TaskQueue queue, TaskStore store, TaskIntake intake, BlobStorage storage, KeyStore keys,
            UploadRegistry uploads, RedisConnections redis) {
        this.queue = queue;
        this.store = store;
        this.intake = intake;
        this.storage = storage;
        this.keys = keys;
        this.uploads = uploads;
        this.redis = redis;
        this.redisHealth = redis == null ? null : new RedisBrokerHealth(redis);
    }

    public static Infrastructure open(SharedSettings settings, Clock clock) {
        BlobStorage storage = new FilesystemBlobStorage(settings.storage().storageDirectory());
        if (settings.distributed()) {
            RedisConnections redis = new RedisConnections(settings.broker().redisUrl().orElseThrow());
            RedisKeys keys = new RedisKeys(settings.broker().prefix());
            RedisTaskStore store = new RedisTaskStore(redis, keys, settings.storage().resultRetention());
            // why: callers see "the broker is unavailable" in our words, never the Redis client's exceptions
            return new Infrastructure(RedisErrors.translating(TaskQueue.class, new RedisTaskQueue(redis, keys)),
                    RedisErrors.translating(TaskStore.class, store), RedisErrors.translating(TaskIntake.class, store),
                    storage, RedisErrors.translating(KeyStore.class, new RedisKeyStore(redis, keys, clock)),
                    RedisErrors.translating(UploadRegistry.class, new RedisUploadRegistry(redis, keys)), redis);
        }
        TaskQueue queue = new InMemoryTaskQueue(clock);
        TaskStore store = new InMemoryTaskStore(settings.storage().resultRetention(), clock);
        return new Infrastructure(queue, store, TaskIntake.of(store, queue), storage, keyFile(settings, clock),
                new InMemoryUploadRegistry(), null);
    }

    private static KeyStore keyFile(SharedSettings settings, Clock clock) {
        return new FileKeyStore(settings.storage().dataDir().resolve("keys.json"), clock);
    }

    public TaskQueue queue() {
        return queue;
    }

    public TaskStore store() {
        return store;
    }

    /** Records and queues new tasks: one step on Redis. */
    public TaskIntake intake() {
        return intake;
    }

    public BlobStorage storage() {
        return storage;
    }

    public KeyStore keys() {
        return keys;
    }

    /** Who owns which upload until when: in Redis, or in this process. */
    public UploadRegistry uploads() {
        return uploads;
    }

    /** Whether the broker answers and keeps its data: Redis's, or the embedded one's (always). */
    public BrokerHealth brokerHealth() {
        return redisHealth != null ? redisHealth : BrokerHealth.embedded();
    }

    /**
     * In distributed mode, checks now whether Redis persists data, logs a WARN naming what a Redis restart loses
     * when it does not, and checks again every minute until {@link #close}. Nothing to do when embedded.
     */
    public void watchBroker() {
        if (redisHealth != null) {
            redisHealth.start(RedisBrokerHealth.CHECK_PERIOD);
        }
    }

    @Override
    public void close() {
        if (redisHealth != null) {
            redisHealth.close();
        }
        queue.close();
        store.close();
        keys.close();
        if (redis != null) {
            redis.close();
        }
    }
}
