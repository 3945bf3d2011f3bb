package io.ddiffusion.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStorage} does, proven once for each implementation: a subclass supplies a fresh, empty
 * storage and a way to back-date a blob (JobRunr's {@code StorageProviderTest} shape).
 */
public abstract class BlobStorageContract {
    /** Bigger than any implementation's single-request or part size used in tests, so large writes are chunked. */
    protected static final int LARGE = 11 * 1024 * 1024 + 123;

    @TempDir
    protected Path scratch;

    /** A storage with nothing in it, for this test only. */
    protected abstract BlobStorage storage();

    /** Makes {@code key} look last written at {@code when}. */
    protected abstract void backdate(String key, Instant when) throws IOException;

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(BlobStorage.Blob blob, long offset, long length) throws IOException {
        try (InputStream in = blob.open(offset, length)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void storedBlobIsReadBackWithSizeTypeAndRanges() throws Exception {
        BlobStorage storage = storage();
        assertThat(storage.put("videos/m/t-0.mp4", bytes("0123456789"))).isEqualTo(10);

        BlobStorage.Blob blob = storage.open("videos/m/t-0.mp4").orElseThrow();
        assertThat(blob.key()).isEqualTo("videos/m/t-0.mp4");
        assertThat(blob.size()).isEqualTo(10);
        assertThat(blob.contentType()).isEqualTo("video/mp4");
        assertThat(blob.lastModified()).isBetween(Instant.now().minus(1, ChronoUnit.HOURS),
                Instant.now().plus(1, ChronoUnit.HOURS));
        assertThat(read(blob, 3, 4)).isEqualTo("3456");
        assertThat(read(blob, 0, 10)).isEqualTo("0123456789");
        assertThat(read(blob, 9, 1)).isEqualTo("9");
        assertThat(read(blob, 4, 0)).isEmpty();
    }

    @Test
    void anEmptyBlobIsStoredAndReadBack() throws Exception {
        BlobStorage storage = storage();
        assertThat(storage.put("texts/m/t-0.txt", InputStream.nullInputStream())).isZero();

        BlobStorage.Blob blob = storage.open("texts/m/t-0.txt").orElseThrow();
        assertThat(blob.size()).isZero();
        assertThat(read(blob, 0, 0)).isEmpty();
    }

    @Test
    void putReplacesTheBlobUnderTheSameKey() throws Exception {
        BlobStorage storage = storage();
        storage.put("texts/m/t-0.txt", bytes("first version"));
        storage.put("texts/m/t-0.txt", bytes("second"));

        BlobStorage.Blob blob = storage.open("texts/m/t-0.txt").orElseThrow();
        assertThat(blob.size()).isEqualTo(6);
        assertThat(read(blob, 0, 6)).isEqualTo("second");
    }

    @Test
    void missingBlobIsEmpty() throws Exception {
        assertThat(storage().open("images/none.png")).isEmpty();
    }

    @Test
    void traversalKeysAreRefusedBeforeTouchingTheStore() {
        BlobStorage storage = storage();
        assertThatThrownBy(() -> storage.open("../secret.txt")).isInstanceOf(InvalidStorageKeyException.class);
        assertThatThrownBy(() -> storage.put("/abs.txt", InputStream.nullInputStream()))
                .isInstanceOf(InvalidStorageKeyException.class);
        assertThatThrownBy(() -> storage.deletePrefix("inputs/../")).isInstanceOf(InvalidStorageKeyException.class);
    }

    @Test
    void aLargeStreamOfUnknownLengthIsStoredWhole() throws Exception {
        BlobStorage storage = storage();
        byte[] data = new byte[LARGE];
        new Random(7).nextBytes(data);
        // why: a plain InputStream says nothing about its length, as an HTTP body or a pipe would
        assertThat(storage.put("videos/m/big-0.mp4", new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(data);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, 65_536));
            }
        })).isEqualTo(LARGE);

        BlobStorage.Blob blob = storage.open("videos/m/big-0.mp4").orElseThrow();
        assertThat(blob.size()).isEqualTo(LARGE);
        try (InputStream in = blob.open(0, LARGE)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
        }
        try (InputStream in = blob.open(LARGE - 5, 5)) {
            assertThat(in.readAllBytes()).containsExactly(java.util.Arrays.copyOfRange(data, LARGE - 5, LARGE));
        }
    }

    @Test
    void putFileStoresTheFilesBytesAndConsumesIt() throws Exception {
        BlobStorage storage = storage();
        Path small = Files.writeString(scratch.resolve("small.txt"), "hello");
        byte[] data = new byte[LARGE];
        new Random(11).nextBytes(data);
        Path large = Files.write(scratch.resolve("large.mp4"), data);

        assertThat(storage.putFile("texts/m/t-0.txt", small)).isEqualTo(5);
        assertThat(storage.putFile("videos/m/t-0.mp4", large)).isEqualTo(LARGE);

        assertThat(small).doesNotExist();
        assertThat(large).doesNotExist();
        assertThat(read(storage.open("texts/m/t-0.txt").orElseThrow(), 0, 5)).isEqualTo("hello");
        try (InputStream in = storage.open("videos/m/t-0.mp4").orElseThrow().open(0, LARGE)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
        }
    }

    @Test
    void deletePrefixRemovesATasksInputsOnly() throws Exception {
        BlobStorage storage = storage();
        storage.put("inputs/t1/image.png", new ByteArrayInputStream(new byte[] {1}));
        storage.put("inputs/t1/mask.png", new ByteArrayInputStream(new byte[] {2}));
        storage.put("inputs/t1/refs/a.png", new ByteArrayInputStream(new byte[] {2}));
        storage.put("inputs/t2/image.png", new ByteArrayInputStream(new byte[] {3}));
        storage.put("inputs/t10/image.png", new ByteArrayInputStream(new byte[] {3}));

        assertThat(storage.deletePrefix("inputs/t1/")).isEqualTo(3);
        assertThat(storage.open("inputs/t1/image.png")).isEmpty();
        assertThat(storage.open("inputs/t1/refs/a.png")).isEmpty();
        assertThat(storage.open("inputs/t2/image.png")).isPresent();
        assertThat(storage.open("inputs/t10/image.png")).isPresent();
        assertThat(storage.deletePrefix("inputs/t1/")).isZero();
    }

    @Test
    void deletePrefixWithoutSlashIsAFolderOrAKeyNeverASiblingWithTheSameStart() throws Exception {
        BlobStorage storage = storage();
        storage.put("inputs/t1/image.png", new ByteArrayInputStream(new byte[] {1}));
        storage.put("inputs/t10/image.png", new ByteArrayInputStream(new byte[] {3}));
        storage.put("images/m/a-0.png", new ByteArrayInputStream(new byte[] {3}));
        storage.put("images/m/a-0.png.txt", new ByteArrayInputStream(new byte[] {3}));

        assertThat(storage.deletePrefix("inputs/t1")).isEqualTo(1);
        assertThat(storage.deletePrefix("images/m/a-0.png")).isEqualTo(1);

        assertThat(storage.open("inputs/t10/image.png")).isPresent();
        assertThat(storage.open("images/m/a-0.png")).isEmpty();
        assertThat(storage.open("images/m/a-0.png.txt")).isPresent();
    }

    @Test
    void deleteOlderThanRemovesOnlyExpiredFiles() throws Exception {
        BlobStorage storage = storage();
        storage.put("images/m/old-0.png", new ByteArrayInputStream(new byte[] {1}));
        storage.put("images/m/new-0.png", new ByteArrayInputStream(new byte[] {2}));
        storage.put("inputs/t1/old.png", new ByteArrayInputStream(new byte[] {2}));
        backdate("images/m/old-0.png", Instant.now().minus(40, ChronoUnit.DAYS));
        backdate("inputs/t1/old.png", Instant.now().minus(40, ChronoUnit.DAYS));

        assertThat(storage.deleteOlderThan(Instant.now().minus(30, ChronoUnit.DAYS))).isEqualTo(2);
        assertThat(storage.open("images/m/old-0.png")).isEmpty();
        assertThat(storage.open("inputs/t1/old.png")).isEmpty();
        assertThat(storage.open("images/m/new-0.png")).isPresent();
        assertThat(storage.deleteOlderThan(Instant.now().minus(30, ChronoUnit.DAYS))).isZero();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
