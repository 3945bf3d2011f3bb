package io.ddiffusion.worker.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.worker.models.hub.BlobLock;
import io.ddiffusion.worker.models.hub.HubFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * This installation's pins for files the build does not pin in full: what the Hub itself reported for each such file
 * at a commit (size, and sha256: the LFS pointer's, or the hash of a small non-LFS file) when it was first pulled. A
 * JSON file beside the Hugging Face cache ({@code DDIFFUSION_MODEL_LOCK}), shared by every process using that cache;
 * later pulls, tasks and {@code models verify} check the cached bytes against it. An entry is used only where the
 * build's record of the file admits it (same repo and path, its commit or prefix, any recorded size and sha256), so
 * a lock never overrides, or contradicts, what the build pins. Thread- and process-safe; writes replace the file
 * atomically.
 */
public final class ModelLock {

    /** The file name beside the cache. */
    public static final String FILE_NAME = "deferred-diffusion-models.lock.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One locked file and when it was locked. */
    public record Entry(HubFile file, Instant lockedAt) {
        public Entry {
            Objects.requireNonNull(file);
            Objects.requireNonNull(lockedAt);
        }
    }

    private record Snapshot(FileTime modified, long size, List<Entry> entries) { }

    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(FileTime.fromMillis(0), -1, List.of());

    public ModelLock(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The lock file beside a Hugging Face cache folder (in its parent, or inside it when it has none). */
    public static Path besideCache(Path cacheRoot) {
        Path absolute = cacheRoot.toAbsolutePath().normalize();
        return (absolute.getParent() == null ? absolute : absolute.getParent()).resolve(FILE_NAME);
    }

    /** Where the entries are kept. */
    public Path file() {
        return file;
    }

    /** The newest entry the component's record admits, if any. */
    public Optional<HubFile> find(ModelComponent component) {
        return entries().stream().filter(e -> e.file().repo().equals(component.repo())
                && e.file().path().equals(component.path()) && component.recorded().admits(e.file()))
                .max(Comparator.comparing(Entry::lockedAt)).map(Entry::file);
    }

    /**
     * Every entry, re-read when the file changed (cheap otherwise: one stat).
     *
     * @throws ModelWeightsException when the file cannot be read or is not a lock file of ours
     */
    public List<Entry> entries() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Snapshot s = snapshot;
            if (!s.modified().equals(modified) || s.size() != size) {
                s = new Snapshot(modified, size, parse(Files.readAllBytes(file)));
                snapshot = s;
            }
            return s.entries();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            throw new ModelWeightsException("cannot read the model lock file " + file + " (DDIFFUSION_MODEL_LOCK): "
                    + e.getMessage(), e);
        }
    }

    /** Adds (or renews) the entry of {@code pin}, keeping the others. */
    public void record(HubFile pin, Instant now) {
        try (BlobLock ignored = BlobLock.acquire(file.resolveSibling(file.getFileName() + ".lock"))) {
            List<Entry> kept = new ArrayList<>();
            // why: read afresh under the lock, not from the snapshot: another process may have just written
            for (Entry e : Files.exists(file) ? parse(Files.readAllBytes(file)) : List.<Entry>of()) {
                HubFile f = e.file();
                boolean same = f.repo().equals(pin.repo()) && f.path().equals(pin.path())
                        && f.revision().equals(pin.revision());
                if (!same) {
                    kept.add(e);
                }
            }
            kept.add(new Entry(pin, now));
            kept.sort(Comparator.comparing((Entry e) -> e.file().repo()).thenComparing(e -> e.file().path())
                    .thenComparing(Entry::lockedAt));
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(temp, render(kept));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw new ModelWeightsException("cannot write the model lock file " + file + " (DDIFFUSION_MODEL_LOCK): "
                    + e, e);
        }
    }

    private static byte[] render(List<Entry> entries) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("about", "Pins deferred-diffusion took from the Hugging Face Hub for files its build pins only by "
                + "commit (or not at all, with 'models pull --lock-latest'). Copy it with the cache; 'models verify' "
                + "checks the cached files against it.");
        root.put("version", 1);
        ArrayNode files = root.putArray("files");
        for (Entry e : entries) {
            files.addObject().put("repo", e.file().repo()).put("path", e.file().path())
                    .put("revision", e.file().revision()).put("size", e.file().size())
                    .put("sha256", e.file().sha256()).put("locked_at", e.lockedAt().toString());
        }
        return JSON.writeValueAsBytes(root);
    }

    private static List<Entry> parse(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || root.path("version").asInt() != 1 || !root.path("files").isArray()) {
            throw new IOException("not a version 1 lock file (a 'files' array)");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            entries.add(new Entry(new HubFile(f.path("repo").asText(), f.path("revision").asText(),
                    f.path("path").asText(), f.path("size").asLong(-1), f.path("sha256").asText()),
                    Instant.parse(f.path("locked_at").asText())));
        }
        return List.copyOf(entries);
    }
}
