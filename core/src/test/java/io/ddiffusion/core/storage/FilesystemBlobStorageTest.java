package io.ddiffusion.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a directory, and what only a directory has: symlinks and its own temporary files. */
class FilesystemBlobStorageTest extends BlobStorageContract {
    @TempDir
    Path dir;
    private FilesystemBlobStorage storage;

    @BeforeEach
    void create() {
        storage = new FilesystemBlobStorage(dir.resolve("s"));
    }

    @Override
    protected BlobStorage storage() {
        return storage;
    }

    @Override
    protected void backdate(String key, Instant when) throws java.io.IOException {
        Files.setLastModifiedTime(storage.root().resolve(key), FileTime.from(when));
    }

    @Test
    void symlinkLeadingOutOfTheRootIsNotServed() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        Files.createDirectories(storage.root().resolve("images"));
        Files.createSymbolicLink(storage.root().resolve("images/link.txt"), secret);

        assertThat(storage.open("images/link.txt")).isEmpty();
    }

    @Test
    void putFileMovesATempFileIntoPlace() throws Exception {
        Path tmp = storage.tempFile();
        Files.writeString(tmp, "hello");
        assertThat(storage.putFile("texts/m/t-0.txt", tmp)).isEqualTo(5);
        assertThat(tmp).doesNotExist();
        assertThat(storage.open("texts/m/t-0.txt").orElseThrow().size()).isEqualTo(5);
    }
}
