package io.ddiffusion.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Blob storage in one directory, or a volume shared by every node. Writes go to a temporary file and are moved into
 * place, so readers never see half a file; keys are validated and resolved paths re-checked against the real root.
 */
public final class FilesystemBlobStorage implements BlobStorage {
    private static final String TEMP_DIR = ".tmp";
    private final Path root;

    public FilesystemBlobStorage(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            Files.createDirectories(this.root.resolve(TEMP_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use storage directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Four system calls for a small file: create the temporary file, write, close, rename. why: a worker stores every
     * output this way, and the earlier create-close-delete-reopen of {@code Files.createTempFile} and
     * {@code Files.copy}, plus a stat for the folder and one for the size, were 12 % of the worker's CPU in the
     * end-to-end benchmark.
     */
    @Override
    public long put(String key, InputStream in) throws IOException {
        Path target = resolve(key);
        Path tmp = root.resolve(TEMP_DIR).resolve("put-" + Long.toUnsignedString(ThreadLocalRandom.current()
                .nextLong(), 36) + ".part");
        boolean moved = false;
        try {
            long size;
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                size = in.transferTo(out);
            }
            moveIntoPlace(tmp, target);
            moved = true;
            return size;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Override
    public long putFile(String key, Path file) throws IOException {
        Path target = resolve(key);
        long size = Files.size(file);
        try {
            moveIntoPlace(file, target);
        } catch (AtomicMoveNotSupportedException e) {
            // why: the file is on another filesystem (e.g. the JVM temp dir); copy next to the target, then move
            Path tmp = tempFile();
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            moveIntoPlace(tmp, target);
            Files.deleteIfExists(file);
        }
        return size;
    }

    /** Renames into place; creates the target's folders only when the rename finds them missing. */
    private static void moveIntoPlace(Path file, Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // why: the first file of its folder; asking first would cost every other write a stat
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A fresh temporary file inside the storage volume, so a later {@link #putFile} is an atomic rename. */
    public Path tempFile() throws IOException {
        return Files.createTempFile(root.resolve(TEMP_DIR), "upload-", ".part");
    }

    @Override
    public Optional<Blob> open(String key) throws IOException {
        Path path = resolve(key);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attrs.isRegularFile() || !path.toRealPath().startsWith(root)) {
            return Optional.empty();
        }
        return Optional.of(new FileBlob(key, path, attrs.size(), attrs.lastModifiedTime().toInstant()));
    }

    @Override
    public int deletePrefix(String prefix) throws IOException {
        String folder = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        Path base = resolve(folder);
        if (!Files.exists(base)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(base)) {
            files = walk.sorted(Comparator.reverseOrder()).toList();
        }
        int deleted = 0;
        for (Path p : files) {
            if (Files.isRegularFile(p)) {
                deleted++;
            }
            deleteQuietly(p);
        }
        return deleted;
    }

    @Override
    public int deleteOlderThan(Instant cutoff) throws IOException {
        List<Path> old = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        old.add(p);
                    }
                } catch (IOException e) {
                    // gone meanwhile: nothing to delete
                }
            });
        }
        for (Path p : old) {
            deleteQuietly(p);
            pruneEmptyParents(p.getParent());
        }
        return old.size();
    }

    private void pruneEmptyParents(Path dir) {
        while (dir != null && dir.startsWith(root) && !dir.equals(root) && !dir.equals(root.resolve(TEMP_DIR))) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
            // a writer added a file meanwhile; keep the folder
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(StorageKeys.check(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new InvalidStorageKeyException("Invalid file path");
        }
        return path;
    }

    private record FileBlob(String key, Path path, long size, Instant lastModified) implements Blob {
        @Override
        public String contentType() {
            return StorageKeys.contentType(key);
        }

        @Override
        public Optional<Path> localFile() {
            return Optional.of(path);
        }

        @Override
        public InputStream open(long offset, long length) throws IOException {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            ch.position(offset);
            InputStream in = Channels.newInputStream(ch);
            return new BoundedInputStream(in, length);
        }
    }
}
