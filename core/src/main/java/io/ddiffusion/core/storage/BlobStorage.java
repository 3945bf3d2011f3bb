package io.ddiffusion.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Files shared by API and workers: decoded inputs and produced outputs, addressed by relative keys such as
 * {@code images/sd-xl/<task>-0.png}. Keys are checked by {@link StorageKeys#check}: a key can never leave the
 * storage. Implementations are thread-safe: the filesystem one here, an S3-compatible one in the s3 module; both
 * pass BlobStorageContract.
 */
public interface BlobStorage {

    /** Stores (or replaces) {@code key} with the bytes of {@code in}; returns the stored size. */
    long put(String key, InputStream in) throws IOException;

    /** Stores {@code file}'s bytes under {@code key}, moving the file when it can (the file is consumed). */
    long putFile(String key, Path file) throws IOException;

    /** The blob, or empty when it does not exist. */
    Optional<Blob> open(String key) throws IOException;

    /** Deletes every blob whose key starts with {@code prefix} (a folder-like prefix ending in '/', or a key). */
    int deletePrefix(String prefix) throws IOException;

    /** Deletes every blob last written before {@code cutoff}; returns how many went. */
    int deleteOlderThan(Instant cutoff) throws IOException;

    /** A stored blob: its size, type and a way to read all of it or a byte range. */
    interface Blob {
        String key();

        long size();

        String contentType();

        Instant lastModified();

        /** Reads {@code length} bytes from {@code offset}. */
        InputStream open(long offset, long length) throws IOException;

        /** The blob as a local file, when it is one (lets the HTTP server send it with sendfile). */
        default java.util.Optional<java.nio.file.Path> localFile() {
            return java.util.Optional.empty();
        }
    }
}
