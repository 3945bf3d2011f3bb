package io.ddiffusion.worker.runtime;

import static io.ddiffusion.core.task.TaskBuilder.aPendingTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.storage.FilesystemBlobStorage;
import io.ddiffusion.core.store.InMemoryTaskStore;
import io.ddiffusion.core.task.Task;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.core.uploads.InMemoryUploadRegistry;
import io.ddiffusion.core.uploads.Upload;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JanitorTest {
    @TempDir
    Path dir;

    @Test
    void sweepDeletesExpiredRecordsAndOldFilesOnly() throws Exception {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        MutableClock clock = new MutableClock(now);
        InMemoryTaskStore store = new InMemoryTaskStore(Duration.ofDays(30), clock);
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir);
        Task old = store.create(aPendingTask().build());
        storage.put("images/sd-xl/old-0.png", new ByteArrayInputStream(new byte[] {1}));
        storage.put("images/sd-xl/fresh-0.png", new ByteArrayInputStream(new byte[] {2}));
        Files.setLastModifiedTime(dir.resolve("images/sd-xl/old-0.png"), FileTime.from(now.minus(Duration.ofDays(31))));
        Files.setLastModifiedTime(dir.resolve("images/sd-xl/fresh-0.png"), FileTime.from(now.minus(Duration.ofDays(1))));

        clock.now = now.plus(Duration.ofDays(31));
        Task fresh = store.create(aPendingTask().build());
        int deleted = new Janitor(store, storage, Duration.ofDays(30), clock).sweep();

        assertThat(deleted).isEqualTo(3); // the old record, the old file, and the fresh file now 32 days old
        assertThat(store.find(old.id())).isEmpty();
        assertThat(store.find(fresh.id())).isPresent();
        assertThat(storage.open("images/sd-xl/old-0.png")).isEmpty();
    }

    @Test
    void sweepKeepsFilesYoungerThanTheRetention() throws Exception {
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir);
        storage.put("videos/m/t-0.mp4", new ByteArrayInputStream(new byte[] {1}));
        int deleted = new Janitor(new InMemoryTaskStore(Duration.ofDays(30)), storage, Duration.ofDays(30),
                Clock.systemUTC()).sweep();
        assertThat(deleted).isZero();
        assertThat(storage.open("videos/m/t-0.mp4")).isPresent();
    }

    @Test
    void sweepDeletesExpiredUploadsRecordAndBlobAndKeepsTheOthers() throws Exception {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir);
        InMemoryUploadRegistry uploads = new InMemoryUploadRegistry();
        Upload expired = upload(storage, now.minusSeconds(1));
        Upload fresh = upload(storage, now.plusSeconds(60));
        uploads.record(expired);
        uploads.record(fresh);

        int deleted = new Janitor(new InMemoryTaskStore(Duration.ofDays(30)), storage, Duration.ofDays(30),
                Clock.fixed(now, ZoneOffset.UTC), uploads).sweep();

        assertThat(deleted).isEqualTo(1);
        assertThat(uploads.find(expired.id())).isEmpty();
        assertThat(storage.open(expired.storageKey())).isEmpty();
        assertThat(uploads.find(fresh.id())).contains(fresh);
        assertThat(storage.open(fresh.storageKey())).isPresent();
    }

    private static Upload upload(FilesystemBlobStorage storage, Instant expiresAt) throws Exception {
        String id = Upload.newId();
        String key = "uploads/" + id + ".png";
        storage.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        return new Upload(id, "key", key, MediaFormat.PNG, 3, 1, 1, expiresAt.minusSeconds(3600), expiresAt);
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
