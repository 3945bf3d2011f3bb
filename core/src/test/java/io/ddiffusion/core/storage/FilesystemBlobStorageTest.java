package io.ddiffusion.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
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
    protected void backdate(String key, Instant when) throws IOException {
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
    void putLeavesNoTemporaryFileWhetherItSucceedsOrItsStreamFails() throws Exception {
        storage.put("images/m/t-0.png", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        // why: a few bytes, then a failure on every later read (InputStream's default read(byte[]) would swallow it)
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(new byte[] {7, 7}), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the stream broke");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("the stream broke");
            }
        });
        assertThatThrownBy(() -> storage.put("images/m/t-1.png", broken))
                .hasMessage("the stream broke");

        assertThat(storage.open("images/m/t-0.png").orElseThrow().size()).isEqualTo(3);
        assertThat(storage.open("images/m/t-1.png")).isEmpty();
        try (var left = Files.list(storage.root().resolve(".tmp"))) {
            assertThat(left).isEmpty();
        }
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
