package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.store.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes what outlived its retention: task records (where the store does not expire them itself) and stored files
 * older than {@code RESULT_EXPIRES_DAYS}. Inputs are deleted as soon as their task finishes; this also catches inputs
 * and outputs left behind by crashes. Safe to run on several nodes at once.
 */
public final class Janitor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Janitor.class);
    private final TaskStore store;
    private final BlobStorage storage;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public Janitor(TaskStore store, BlobStorage storage, Duration retention, Clock clock) {
        this.store = store;
        this.storage = storage;
        this.retention = retention;
        this.clock = clock;
    }

    /** One sweep; returns how many records and files were deleted. */
    public int sweep() {
        int deleted = 0;
        try {
            deleted += store.deleteExpired();
            deleted += storage.deleteOlderThan(clock.instant().minus(retention));
        } catch (Exception e) {
            LOG.warnf("Janitor sweep failed: %s", e.getMessage());
        }
        if (deleted > 0) {
            LOG.infof("Janitor deleted %d expired records and files", deleted);
        }
        return deleted;
    }

    /** Sweeps now and then every {@code every}. */
    public synchronized void start(Duration every) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("janitor")
                    .factory());
            scheduler.scheduleWithFixedDelay(this::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
