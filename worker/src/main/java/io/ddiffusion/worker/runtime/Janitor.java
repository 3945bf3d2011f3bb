package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.store.TaskStore;
import io.ddiffusion.core.uploads.InMemoryUploadRegistry;
import io.ddiffusion.core.uploads.Upload;
import io.ddiffusion.core.uploads.UploadRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes what outlived its retention: task records (where the store does not expire them itself) and stored files
 * older than {@code RESULT_EXPIRES_DAYS}. Inputs are deleted as soon as their task finishes; this also catches inputs
 * and outputs left behind by crashes. Uploads no task used are deleted once they expire. Safe to run on several
 * nodes at once.
 */
public final class Janitor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Janitor.class);
    private final TaskStore store;
    private final BlobStorage storage;
    private final Duration retention;
    private static final int UPLOAD_BATCH = 500;
    private final Clock clock;
    private final UploadRegistry uploads;
    private ScheduledExecutorService scheduler;

    public Janitor(TaskStore store, BlobStorage storage, Duration retention, Clock clock) {
        this(store, storage, retention, clock, new InMemoryUploadRegistry());
    }

    /** @param uploads the registry whose expired uploads (record and blob) each sweep deletes */
    public Janitor(TaskStore store, BlobStorage storage, Duration retention, Clock clock, UploadRegistry uploads) {
        this.store = store;
        this.storage = storage;
        this.retention = retention;
        this.clock = clock;
        this.uploads = uploads;
    }

    /** One sweep; returns how many records and files were deleted. */
    public int sweep() {
        int deleted = 0;
        try {
            deleted += store.deleteExpired();
            deleted += storage.deleteOlderThan(clock.instant().minus(retention));
            deleted += deleteExpiredUploads(clock.instant());
        } catch (Exception e) {
            LOG.warnf("Janitor sweep failed: %s", e.getMessage());
        }
        if (deleted > 0) {
            LOG.infof("Janitor deleted %d expired records and files", deleted);
        }
        return deleted;
    }

    /** Blob first, then record: a sweep that fails in between leaves the record, and the next one retries. */
    private int deleteExpiredUploads(Instant now) throws java.io.IOException {
        int deleted = 0;
        for (List<Upload> batch = uploads.expired(now, UPLOAD_BATCH); !batch.isEmpty();
                batch = uploads.expired(now, UPLOAD_BATCH)) {
            for (Upload upload : batch) {
                storage.deletePrefix(upload.storageKey());
                if (uploads.delete(upload.id())) {
                    deleted++;
                }
            }
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
