package io.ddiffusion.s3;

import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.BoundedInputStream;
import io.ddiffusion.core.storage.DirectLinks;
import io.ddiffusion.core.storage.StorageKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs as objects under a prefix of one bucket. Writes up to one part size go in one PUT; longer ones (or a
 * stream of unknown length that turns out longer) as a multipart upload, one part in memory at a time, aborted on
 * failure so no orphan parts stay billed. Reads are ranged GETs. Every key is checked by {@link StorageKeys}
 * before it becomes an object name. Thread-safe (the SDK client is).
 */
public final class S3BlobStorage implements BlobStorage, DirectLinks, AutoCloseable {
    /** S3 takes at most 1,000 keys per DeleteObjects request. */
    static final int MAX_DELETE_BATCH = 1000;
    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final Options options;

    /**
     * Tuning that tests shrink.
     *
     * @param partSize bytes per multipart part (S3's minimum is 5 MiB) and the largest single PUT
     * @param deleteBatch keys per DeleteObjects request, at most 1,000
     */
    public record Options(int partSize, int deleteBatch) {
        /** 8 MiB parts (80 GB at S3's 10,000 parts), the largest delete batches. */
        public static final Options DEFAULT = new Options(8 * 1024 * 1024, MAX_DELETE_BATCH);

        public Options {
            if (partSize < 5 * 1024 * 1024 || deleteBatch < 1 || deleteBatch > MAX_DELETE_BATCH) {
                throw new IllegalArgumentException("part size must be at least 5 MiB, delete batch 1 to 1000");
            }
        }
    }

    /**
     * @param prefix the key prefix in the bucket, empty or ending in '/'
     */
    S3BlobStorage(S3Client client, S3Presigner presigner, String bucket, String prefix, Options options) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
        this.prefix = prefix;
        this.options = options;
    }

    @Override
    public long put(String key, InputStream in) throws IOException {
        String name = object(key);
        byte[] first = in.readNBytes(options.partSize());
        if (first.length < options.partSize()) {
            call(() -> client.putObject(b -> b.bucket(bucket).key(name).contentType(StorageKeys.contentType(key)),
                    RequestBody.fromContentProvider(bytes(first, first.length), first.length,
                            StorageKeys.contentType(key))));
            return first.length;
        }
        return new MultipartUpload(client, bucket, name, StorageKeys.contentType(key)).run(upload -> {
            long total = 0;
            byte[] part = first;
            int length = first.length;
            while (length > 0) {
                upload.part(bytes(part, length), length);
                total += length;
                // why: one buffer per upload, refilled: the heap holds one part, never the whole stream
                length = in.readNBytes(part, 0, part.length);
            }
            return total;
        });
    }

    @Override
    public long putFile(String key, Path file) throws IOException {
        String name = object(key);
        long size = Files.size(file);
        if (size <= options.partSize()) {
            call(() -> client.putObject(b -> b.bucket(bucket).key(name).contentType(StorageKeys.contentType(key)),
                    RequestBody.fromContentProvider(slice(file, 0, size), size, StorageKeys.contentType(key))));
        } else {
            new MultipartUpload(client, bucket, name, StorageKeys.contentType(key)).run(upload -> {
                for (long offset = 0; offset < size; offset += options.partSize()) {
                    long length = Math.min(options.partSize(), size - offset);
                    upload.part(slice(file, offset, length), length);
                }
                return size;
            });
        }
        // why: the contract says the file is consumed, as the filesystem's rename consumes it
        Files.deleteIfExists(file);
        return size;
    }

    @Override
    public Optional<Blob> open(String key) throws IOException {
        String name = object(key);
        HeadObjectResponse head;
        try {
            head = client.headObject(b -> b.bucket(bucket).key(name));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw io(e);
        } catch (SdkException e) {
            throw io(e);
        }
        return Optional.of(new ObjectBlob(key, name, head.contentLength(), head.lastModified()));
    }

    @Override
    public int deletePrefix(String keyPrefix) throws IOException {
        if (keyPrefix.endsWith("/")) {
            StorageKeys.check(keyPrefix.substring(0, keyPrefix.length() - 1));
            return deleteListed(prefix + keyPrefix, o -> true);
        }
        // why: as on the filesystem, "a/b" is the key a/b or the folder a/b/, never a/bc
        String name = object(keyPrefix);
        int deleted = deleteListed(name + "/", o -> true);
        return deleted + deleteListed(name, o -> o.key().equals(name));
    }

    @Override
    public int deleteOlderThan(Instant cutoff) throws IOException {
        return deleteListed(prefix, o -> o.lastModified().isBefore(cutoff));
    }

    /** A presigned GET URL for {@code key}: anyone holding it reads the object from the store until it expires. */
    @Override
    public URI link(String key, Duration lifetime) {
        String name = object(key);
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(lifetime)
                .getObjectRequest(g -> g.bucket(bucket).key(name))).url().toString());
    }

    /** Checks that the bucket answers, as a cheap request (HEAD bucket). */
    void checkBucket() {
        client.headBucket(b -> b.bucket(bucket));
    }

    S3Client client() {
        return client;
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    private String object(String key) {
        return prefix + StorageKeys.check(key);
    }

    private int deleteListed(String listPrefix, Predicate<S3Object> which) throws IOException {
        List<ObjectIdentifier> batch = new ArrayList<>();
        int deleted = 0;
        try {
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(listPrefix)).contents()) {
                if (which.test(o)) {
                    batch.add(ObjectIdentifier.builder().key(o.key()).build());
                    if (batch.size() == options.deleteBatch()) {
                        deleted += deleteBatch(batch);
                        batch = new ArrayList<>();
                    }
                }
            }
            return deleted + (batch.isEmpty() ? 0 : deleteBatch(batch));
        } catch (SdkException e) {
            throw io(e);
        }
    }

    private int deleteBatch(List<ObjectIdentifier> keys) throws IOException {
        var result = client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
        if (result.hasErrors() && !result.errors().isEmpty()) {
            var first = result.errors().getFirst();
            throw new IOException("could not delete " + result.errors().size() + " of " + keys.size()
                    + " objects, e.g. " + first.key() + ": " + first.code() + " " + first.message());
        }
        return keys.size();
    }

    private static ContentStreamProvider bytes(byte[] data, int length) {
        // why: a provider, not a stream: the SDK asks for a fresh stream when it retries a request
        return () -> new ByteArrayInputStream(data, 0, length);
    }

    private static ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> {
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(offset);
                return new BoundedInputStream(Channels.newInputStream(ch), length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static void call(Runnable request) throws IOException {
        try {
            request.run();
        } catch (SdkException e) {
            throw io(e);
        }
    }

    static IOException io(SdkException e) {
        return new IOException("object store: " + e.getMessage(), e);
    }

    /** An object: its size and date from HEAD; each read a ranged GET. */
    private final class ObjectBlob implements Blob {
        private final String key;
        private final String name;
        private final long size;
        private final Instant lastModified;

        ObjectBlob(String key, String name, long size, Instant lastModified) {
            this.key = key;
            this.name = name;
            this.size = size;
            this.lastModified = lastModified;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String contentType() {
            return StorageKeys.contentType(key);
        }

        @Override
        public Instant lastModified() {
            return lastModified;
        }

        @Override
        public InputStream open(long offset, long length) throws IOException {
            if (length <= 0) {
                // why: "bytes=5-4" is not a range S3 accepts; nothing to read anyway
                return InputStream.nullInputStream();
            }
            try {
                return client.getObject(b -> b.bucket(bucket).key(name)
                        .range("bytes=" + offset + "-" + (offset + length - 1)));
            } catch (SdkException e) {
                throw io(e);
            }
        }
    }

    /** One multipart upload: parts numbered in order, completed at the end, aborted on any failure. */
    private static final class MultipartUpload {
        private final S3Client client;
        private final String bucket;
        private final String name;
        private final String contentType;
        private final List<CompletedPart> parts = new ArrayList<>();
        private String uploadId;

        MultipartUpload(S3Client client, String bucket, String name, String contentType) {
            this.client = client;
            this.bucket = bucket;
            this.name = name;
            this.contentType = contentType;
        }

        interface Body {
            long write(MultipartUpload upload) throws IOException;
        }

        long run(Body body) throws IOException {
            try {
                uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(name).contentType(contentType))
                        .uploadId();
                long size = body.write(this);
                client.completeMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
                return size;
            } catch (SdkException e) {
                abort(e);
                throw io(e);
            } catch (IOException | RuntimeException e) {
                abort(e);
                throw e;
            }
        }

        void part(ContentStreamProvider content, long length) {
            int number = parts.size() + 1;
            String etag = client.uploadPart(b -> b.bucket(bucket).key(name).uploadId(uploadId).partNumber(number)
                    .contentLength(length), RequestBody.fromContentProvider(content, length, contentType)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }

        private void abort(Exception cause) {
            if (uploadId == null) {
                return;
            }
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId));
            } catch (SdkException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
