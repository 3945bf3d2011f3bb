package io.ddiffusion.core.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.core.media.MediaFormat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every upload registry must do; in memory here, Redis in the redis module. */
public abstract class UploadRegistryContract {
    // why: in the future, since Redis drops a record a day after its expiry by itself
    protected static final Instant NOW = Instant.parse("2100-01-01T12:00:00Z");

    /** A fresh, empty registry. */
    protected abstract UploadRegistry createRegistry();

    protected static Upload upload(String keyId, Instant expiresAt) {
        String id = Upload.newId();
        return new Upload(id, keyId, "uploads/" + id + ".png", MediaFormat.PNG, 1234, 3, 2, NOW.minusSeconds(60),
                expiresAt);
    }

    @Test
    void aRecordedUploadIsFoundWithEverythingItWasRecordedWith() {
        UploadRegistry registry = createRegistry();
        Upload upload = upload("key-a", NOW.plusSeconds(3600));
        Upload video = new Upload(Upload.newId(), "key-a", "uploads/v.mp4", MediaFormat.MP4, 99, null, null, NOW,
                NOW.plusSeconds(60));

        registry.record(upload);
        registry.record(video);

        assertThat(registry.find(upload.id())).contains(upload);
        assertThat(registry.find(video.id())).contains(video);
        assertThat(registry.find(Upload.newId())).isEmpty();
        assertThat(registry.find("not-an-id")).isEmpty();
    }

    @Test
    void aDeletedUploadIsGoneAndDeletingTwiceSaysSo() {
        UploadRegistry registry = createRegistry();
        Upload upload = upload("key-a", NOW.plusSeconds(3600));
        registry.record(upload);

        assertThat(registry.delete(upload.id())).isTrue();
        assertThat(registry.delete(upload.id())).isFalse();
        assertThat(registry.find(upload.id())).isEmpty();
        assertThat(registry.expired(NOW.plusSeconds(7200), 10)).isEmpty();
    }

    @Test
    void expiredListsOnlyUploadsWhoseExpiryHasComeSoonestFirstUpToTheLimit() {
        UploadRegistry registry = createRegistry();
        Upload later = upload("key-a", NOW.minusSeconds(10));
        Upload sooner = upload("key-b", NOW.minusSeconds(20));
        Upload exactly = upload("key-a", NOW);
        Upload fresh = upload("key-a", NOW.plusSeconds(1));
        for (Upload u : new Upload[] {later, fresh, exactly, sooner}) {
            registry.record(u);
        }

        assertThat(registry.expired(NOW, 10)).containsExactly(sooner, later, exactly);
        assertThat(registry.expired(NOW, 2)).containsExactly(sooner, later);
        assertThat(registry.find(fresh.id())).contains(fresh);
    }

    @Test
    void anUploadIsUsableOnlyByItsOwnKeyBeforeItExpires() {
        Upload upload = upload("key-a", NOW.plusSeconds(60));

        assertThat(upload.usableBy("key-a", NOW)).isTrue();
        assertThat(upload.usableBy("key-b", NOW)).isFalse();
        assertThat(upload.usableBy("key-a", NOW.plusSeconds(60))).isFalse();
    }
}
