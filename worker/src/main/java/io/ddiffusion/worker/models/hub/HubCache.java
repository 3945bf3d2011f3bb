package io.ddiffusion.worker.models.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/** The {@code huggingface_hub} cache layout: blobs by hash, snapshots by commit that link to them, refs by name. */
public final class HubCache {

    private static final Logger LOG = Logger.getLogger(HubCache.class);
    private static final Pattern BLOB_NAME = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    private final Path root;

    public HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache root ({@code HF_HUB_CACHE}). */
    public Path root() {
        return root;
    }

    /** The repo folder, {@code models--org--name}. */
    public Path repoDir(HubFile file) {
        return root.resolve(file.repoFolder());
    }

    /** The blobs folder of the file's repo. */
    public Path blobsDir(HubFile file) {
        return repoDir(file).resolve("blobs");
    }

    /** The blob a file is stored as: named by the server's etag when it is a safe name, else by the sha256. */
    public Path blob(HubFile file, String etag) {
        return blobsDir(file).resolve(etag != null && BLOB_NAME.matcher(etag).matches() ? etag : file.sha256());
    }

    /** The partial download of a file, {@code blobs/<sha256>.incomplete}. */
    public Path incomplete(HubFile file) {
        return blobsDir(file).resolve(file.sha256() + ".incomplete");
    }

    /** The lock file of a file, where {@code huggingface_hub} keeps locks: {@code .locks/models--org--name/<sha256>.lock}. */
    public Path lock(HubFile file) {
        return root.resolve(".locks").resolve(file.repoFolder()).resolve(file.sha256() + ".lock");
    }

    /** The snapshot path, {@code snapshots/<commit>/<path>}. */
    public Path snapshot(HubFile file) {
        return repoDir(file).resolve("snapshots").resolve(file.revision()).resolve(file.path());
    }

    /** The snapshot path when the file is cached with the right size. */
    public Optional<Path> find(HubFile file) {
        return find(file, false);
    }

    /** The snapshot path when the file is cached with the right size and, on verify, the right sha256. */
    public Optional<Path> find(HubFile file, boolean verify) {
        Path snapshot = snapshot(file);
        try {
            if (!Files.isRegularFile(snapshot) || Files.size(snapshot) != file.size()) {
                return Optional.empty();
            }
            if (verify && !sha256(snapshot).equals(file.sha256())) {
                LOG.warnf("cached %s does not match its sha256 %s", snapshot, file.sha256());
                return Optional.empty();
            }
            return Optional.of(snapshot);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Moves a complete, verified download into its blob and links the snapshot to it; returns the snapshot path. */
    public Path commit(HubFile file, Path download, String etag) throws IOException {
        Path blob = blob(file, etag);
        Files.move(download, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path snapshot = snapshot(file);
        Files.createDirectories(snapshot.getParent());
        Path temp = snapshot.resolveSibling("." + snapshot.getFileName() + ".tmp" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().threadId());
        Files.deleteIfExists(temp);
        try {
            Files.createSymbolicLink(temp, snapshot.getParent().relativize(blob));
        } catch (UnsupportedOperationException | FileSystemException e) {
            LOG.debugf("symlinks unavailable under %s (%s), copying the blob", root, e);
            Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return snapshot;
    }

    /** Removes a cached file: its snapshot entry and the blob it points to (call under the file's lock). */
    public void evict(HubFile file) throws IOException {
        Path snapshot = snapshot(file);
        if (Files.isSymbolicLink(snapshot)) {
            Path target = snapshot.getParent().resolve(Files.readSymbolicLink(snapshot)).normalize();
            if (target.startsWith(blobsDir(file))) {
                Files.deleteIfExists(target);
            }
        }
        Files.deleteIfExists(snapshot);
        Files.deleteIfExists(blobsDir(file).resolve(file.sha256()));
    }

    /** Records that a named revision (a branch or tag such as {@code main}) points at the file's commit. */
    public void writeRef(HubFile file, String name) throws IOException {
        if (name.isEmpty() || name.startsWith("/") || ("/" + name + "/").contains("/../")) {
            throw new IllegalArgumentException("not a ref name: " + name);
        }
        Path ref = repoDir(file).resolve("refs").resolve(name);
        Files.createDirectories(ref.getParent());
        Path temp = ref.resolveSibling("." + ref.getFileName() + ".tmp" + ProcessHandle.current().pid());
        Files.writeString(temp, file.revision(), StandardCharsets.UTF_8);
        Files.move(temp, ref, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The commit a named revision points at, if recorded. */
    public Optional<String> readRef(HubFile file, String name) {
        Path ref = repoDir(file).resolve("refs").resolve(name);
        try {
            return Files.isRegularFile(ref) ? Optional.of(Files.readString(ref).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lowercase hex sha256 of a file. */
    public static String sha256(Path path) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
