package io.ddiffusion.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStorageTest {
    @TempDir
    Path dir;

    @Test
    void storedBlobIsReadBackWithSizeTypeAndRanges() throws Exception {
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir.resolve("s"));
        storage.put("videos/m/t-0.mp4", new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.UTF_8)));

        BlobStorage.Blob blob = storage.open("videos/m/t-0.mp4").orElseThrow();
        assertThat(blob.size()).isEqualTo(10);
        assertThat(blob.contentType()).isEqualTo("video/mp4");
        try (InputStream in = blob.open(3, 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
        }
    }

    @Test
    void missingBlobIsEmpty() throws Exception {
        assertThat(new FilesystemBlobStorage(dir).open("images/none.png")).isEmpty();
    }

    @Test
    void traversalKeysAreRefusedBeforeTouchingTheDisk() {
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir.resolve("s"));
        assertThatThrownBy(() -> storage.open("../secret.txt")).isInstanceOf(InvalidStorageKeyException.class);
        assertThatThrownBy(() -> storage.put("/abs.txt", InputStream.nullInputStream()))
                .isInstanceOf(InvalidStorageKeyException.class);
    }

    @Test
    void symlinkLeadingOutOfTheRootIsNotServed() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir.resolve("s"));
        Files.createDirectories(storage.root().resolve("images"));
        Files.createSymbolicLink(storage.root().resolve("images/link.txt"), secret);

        assertThat(storage.open("images/link.txt")).isEmpty();
    }

    @Test
    void deletePrefixRemovesATasksInputsOnly() throws Exception {
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir);
        storage.put("inputs/t1/image.png", new ByteArrayInputStream(new byte[] {1}));
        storage.put("inputs/t1/mask.png", new ByteArrayInputStream(new byte[] {2}));
        storage.put("inputs/t2/image.png", new ByteArrayInputStream(new byte[] {3}));

        assertThat(storage.deletePrefix("inputs/t1/")).isEqualTo(2);
        assertThat(storage.open("inputs/t1/image.png")).isEmpty();
        assertThat(storage.open("inputs/t2/image.png")).isPresent();
    }

    @Test
    void deleteOlderThanRemovesOnlyExpiredFiles() throws Exception {
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir);
        storage.put("images/m/old-0.png", new ByteArrayInputStream(new byte[] {1}));
        storage.put("images/m/new-0.png", new ByteArrayInputStream(new byte[] {2}));
        Instant longAgo = Instant.now().minus(40, ChronoUnit.DAYS);
        Files.setLastModifiedTime(storage.root().resolve("images/m/old-0.png"), FileTime.from(longAgo));

        assertThat(storage.deleteOlderThan(Instant.now().minus(30, ChronoUnit.DAYS))).isEqualTo(1);
        assertThat(storage.open("images/m/old-0.png")).isEmpty();
        assertThat(storage.open("images/m/new-0.png")).isPresent();
    }

    @Test
    void putFileMovesTheFileIntoPlace() throws Exception {
        FilesystemBlobStorage storage = new FilesystemBlobStorage(dir.resolve("s"));
        Path tmp = storage.tempFile();
        Files.writeString(tmp, "hello");
        assertThat(storage.putFile("texts/m/t-0.txt", tmp)).isEqualTo(5);
        assertThat(tmp).doesNotExist();
        assertThat(storage.open("texts/m/t-0.txt").orElseThrow().size()).isEqualTo(5);
    }
}
