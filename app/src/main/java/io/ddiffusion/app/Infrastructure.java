package io.ddiffusion.app;

import io.ddiffusion.core.config.InvalidSettingException;
import io.ddiffusion.core.config.ObjectStoreSettings;
import io.ddiffusion.core.config.StorageSettings;
import io.ddiffusion.core.events.InMemoryTaskEvents;
import io.ddiffusion.core.events.TaskEvents;
import io.ddiffusion.core.keys.FileKeyStore;
import io.ddiffusion.core.keys.KeyStore;
import io.ddiffusion.core.queue.BrokerHealth;
import io.ddiffusion.core.queue.InMemoryTaskQueue;
import io.ddiffusion.core.queue.TaskQueue;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.DirectLinks;
import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.InMemoryRecentTasks;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.store.RecentTasks;
import io.ddiffusion.core.store.TaskIntake;
import io.ddiffusion.core.store.TaskSnapshots;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.uploads.InMemoryUploadRegistry;
import io.ddiffusion.core.uploads.UploadRegistry;
import io.ddiffusion.core.webhooks.InMemoryWebhookOutbox;
import io.ddiffusion.core.webhooks.WebhookOutbox;
import io.ddiffusion.redis.RedisBrokerHealth;
import io.ddiffusion.redis.RedisConnections;
import io.ddiffusion.redis.RedisErrors;
import io.ddiffusion.redis.RedisKeyStore;
import io.ddiffusion.redis.RedisKeys;
import io.ddiffusion.redis.RedisTaskEvents;
import io.ddiffusion.redis.RedisTaskQueue;
import io.ddiffusion.redis.RedisTaskSnapshots;
import io.ddiffusion.redis.RedisRecentTasks;
import io.ddiffusion.redis.RedisTaskStore;
import io.ddiffusion.s3.S3Storage;
import io.ddiffusion.redis.RedisUploadRegistry;
import io.ddiffusion.redis.RedisWebhookOutbox;
import java.time.Clock;
import java.util.Optional;

/**
 * Chooses the implementations from the settings: with a Redis URL, the Redis broker, store and keys (API and worker
 * processes on many machines share them); without, the embedded ones in this process. Storage is an S3-compatible
 * bucket with {@code DDIFFUSION_STORAGE_URL} (no shared volume needed), else the filesystem (one directory, or a
 * volume shared by every node).
 */
public final class Infrastructure implements AutoCloseable {
    private final TaskQueue queue;
    private final TaskStore store;
    private final TaskIntake intake;
    private final TaskSnapshots snapshots;
    private final RecentTasks recent;
    private final TaskEvents events;
    private final BlobStorage storage;
    private final KeyStore keys;
    private final UploadRegistry uploads;
    private final WebhookOutbox webhooks;
    private final RedisConnections redis;
    private final RedisBrokerHealth redisHealth;
    private final DirectLinks directLinks;

    /** The implementations {@link #open} chose, handed over in one piece. */
    private record Parts(TaskQueue queue, TaskStore store, TaskIntake intake, TaskSnapshots snapshots,
            TaskEvents events, RecentTasks recent, UploadRegistry uploads, WebhookOutbox webhooks, BlobStorage storage,
            DirectLinks directLinks, KeyStore keys) {
    }

    private Infrastructure(Parts p, RedisConnections redis) {
        this.directLinks = p.directLinks();
        this.queue = p.queue();
        this.recent = p.recent();
        this.store = p.store();
        this.intake = p.intake();
        this.snapshots = p.snapshots();
        this.events = p.events();
        this.storage = p.storage();
        this.keys = p.keys();
        this.uploads = p.uploads();
        this.webhooks = p.webhooks();
        this.redis = redis;
        this.redisHealth = redis == null ? null : new RedisBrokerHealth(redis);
    }

    public static Infrastructure open(SharedSettings settings, Clock clock) {
        BlobStorage storage = storage(settings.storage());
        DirectLinks links = settings.storage().objectStore()
                .filter(o -> o.links() == ObjectStoreSettings.LinkMode.PRESIGNED)
                .map(o -> (DirectLinks) storage).orElse(null);
        return open(settings, clock, storage, links);
    }

    /**
     * Opens and closes the storage, so a launcher can report a wrong bucket, endpoint or key as one line before the
     * server starts; throws {@link InvalidSettingException} naming the variable.
     */
    public static void checkStorage(StorageSettings settings) {
        if (storage(settings) instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // why: closing releases the HTTP client's connections; nothing is lost when it fails at shutdown
        }
    }

    private static BlobStorage storage(StorageSettings settings) {
        if (settings.objectStore().isEmpty()) {
            return new FilesystemBlobStorage(settings.storageDirectory());
        }
        ObjectStoreSettings store = settings.objectStore().get();
        if (store.links() == ObjectStoreSettings.LinkMode.PRESIGNED
                && settings.signedUrlExpiry().compareTo(S3Storage.MAX_PRESIGNED_LIFETIME) > 0) {
            throw new InvalidSettingException("SIGNED_URL_EXPIRY_SECONDS may be at most "
                    + S3Storage.MAX_PRESIGNED_LIFETIME.toSeconds() + " (7 days, the limit of S3 presigned URLs) with "
                    + ObjectStoreSettings.LINKS_VARIABLE + "=presigned, got " + settings.signedUrlExpiry().toSeconds());
        }
        return S3Storage.open(store);
    }

    private static Infrastructure open(SharedSettings settings, Clock clock, BlobStorage storage,
            DirectLinks links) {
        if (settings.distributed()) {
            RedisConnections redis = new RedisConnections(settings.broker().redisUrl().orElseThrow());
            RedisKeys keys = new RedisKeys(settings.broker().prefix());
            RedisTaskStore store = new RedisTaskStore(redis, keys, settings.storage().resultRetention());
            // why: callers see "the broker is unavailable" in our words, never the Redis client's exceptions
            return new Infrastructure(new Parts(
                    RedisErrors.translating(TaskQueue.class, new RedisTaskQueue(redis, keys)),
                    RedisErrors.translating(TaskStore.class, store), RedisErrors.translating(TaskIntake.class, store),
                    RedisErrors.translating(TaskSnapshots.class, new RedisTaskSnapshots(redis, keys)),
                    RedisErrors.translating(TaskEvents.class, new RedisTaskEvents(redis, keys)),
                    RedisErrors.translating(RecentTasks.class, new RedisRecentTasks(redis, keys)),
                    RedisErrors.translating(UploadRegistry.class, new RedisUploadRegistry(redis, keys)),
                    RedisErrors.translating(WebhookOutbox.class, new RedisWebhookOutbox(redis, keys)), storage, links,
                    RedisErrors.translating(KeyStore.class, new RedisKeyStore(redis, keys, clock))), redis);
        }
        TaskQueue queue = new InMemoryTaskQueue(clock);
        InMemoryWebhookOutbox webhooks = new InMemoryWebhookOutbox(clock);
        // why: the event log hands every change to the outbox, which schedules webhook messages from it
        InMemoryTaskEvents events = new InMemoryTaskEvents(clock, webhooks::onEvent);
        TaskStore store = new InMemoryTaskStore(settings.storage().resultRetention(), clock, events);
        return new Infrastructure(new Parts(queue, store, TaskIntake.of(store, queue), TaskSnapshots.of(store, queue),
                events, new InMemoryRecentTasks(), new InMemoryUploadRegistry(), webhooks, storage, links,
                keyFile(settings, clock)), null);
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

    /** Reads a task as its status answer shows it: one step on Redis. */
    public TaskSnapshots snapshots() {
        return snapshots;
    }

    /** The newest tasks' ids, for the admin's dashboard. */
    public RecentTasks recentTasks() {
        return recent;
    }

    /** The events the store writes, for the API's live streams: one reader per process on Redis. */
    public TaskEvents events() {
        return events;
    }

    public BlobStorage storage() {
        return storage;
    }

    public KeyStore keys() {
        return keys;
    }

    /** Links straight to the object store, when {@code DDIFFUSION_STORAGE_SIGNED_URLS=presigned}. */
    public Optional<DirectLinks> directLinks() {
        return Optional.ofNullable(directLinks);
    }

    /** Where blobs are, for the start-up line: the bucket and prefix, or the directory. */
    public static String describeStorage(StorageSettings settings) {
        return settings.objectStore().map(o -> o.location() + o.endpoint().map(e -> " at " + e).orElse("")
                + (o.links() == ObjectStoreSettings.LinkMode.PRESIGNED ? " (presigned links)" : ""))
                .orElseGet(() -> settings.storageDirectory().toAbsolutePath().toString());
    }

    /** Who owns which upload until when: in Redis, or in this process. */
    public UploadRegistry uploads() {
        return uploads;
    }

    /** The messages tasks' webhooks are owed: in Redis (scheduled by the store's scripts), or in this process. */
    public WebhookOutbox webhooks() {
        return webhooks;
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
        events.close();
        queue.close();
        store.close();
        keys.close();
        if (storage instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
        if (redis != null) {
            redis.close();
        }
    }
}
