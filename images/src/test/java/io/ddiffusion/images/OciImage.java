package io.ddiffusion.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image tarball in the OCI image layout as Jib writes it, read the way a runtime reads it: index → manifest →
 * config and layers (gzip-compressed tars), each layer with the history line that made it.
 */
final class OciImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer: what made it (the history's created_by), its compressed size and the files it holds. */
    record Layer(String createdBy, long size, String digest, List<String> paths) {
    }

    private final Map<String, byte[]> blobs;
    final String reference;
    final JsonNode config;
    final List<Layer> layers;

    private OciImage(Map<String, byte[]> blobs, String reference, JsonNode config, List<Layer> layers) {
        this.blobs = blobs;
        this.reference = reference;
        this.config = config;
        this.layers = layers;
    }

    static OciImage read(Path tarball) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        JsonNode layout = JSON.readTree(files.get("oci-layout"));
        if (!layout.path("imageLayoutVersion").asText().equals("1.0.0")) {
            throw new IOException("not an OCI image layout: " + layout);
        }
        JsonNode index = JSON.readTree(files.get("index.json"));
        JsonNode entry = index.path("manifests").get(0);
        JsonNode manifest = JSON.readTree(files.get(blob(entry.path("digest").asText())));
        JsonNode config = JSON.readTree(files.get(blob(manifest.at("/config/digest").asText())));
        List<JsonNode> history = new ArrayList<>();
        config.path("history").forEach(h -> {
            if (!h.path("empty_layer").asBoolean()) {
                history.add(h);
            }
        });
        List<Layer> layers = new ArrayList<>();
        int i = 0;
        for (JsonNode l : manifest.path("layers")) {
            String digest = l.path("digest").asText();
            layers.add(new Layer(history.get(i++).path("created_by").asText(), l.path("size").asLong(), digest,
                    paths(files.get(blob(digest)))));
        }
        return new OciImage(files, entry.at("/annotations/org.opencontainers.image.ref.name").asText(), config,
                layers);
    }

    private static String blob(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static List<String> paths(byte[] gzipped) throws IOException {
        List<String> paths = new ArrayList<>();
        try (TarArchiveInputStream tar = layer(gzipped)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                paths.add(normalized(e.getName()));
            }
        }
        return paths;
    }

    private static TarArchiveInputStream layer(byte[] gzipped) throws IOException {
        return new TarArchiveInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped)));
    }

    private static String normalized(String name) {
        String n = name.startsWith("./") ? name.substring(1) : name;
        n = n.startsWith("/") ? n : "/" + n;
        return n.endsWith("/") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
    }

    /** The layer that holds {@code path} (a file or folder of that layer's own). */
    Layer layerWith(String path) {
        return layers.stream().filter(l -> l.paths().contains(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no layer holds " + path));
    }

    /** A file's bytes from the topmost layer that holds it. */
    byte[] file(String path) throws IOException {
        for (int i = layers.size() - 1; i >= 0; i--) {
            try (TarArchiveInputStream tar = layer(blobs.get(blob(layers.get(i).digest())))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (normalized(e.getName()).equals(path) && e.isFile()) {
                        return tar.readAllBytes();
                    }
                }
            }
        }
        throw new AssertionError(path + " is in no layer");
    }

    /** Writes the files of every layer but the base (index 0) under {@code root}, keeping their modes. */
    void extractAboveBase(Path root) throws IOException {
        for (Layer l : layers.subList(1, layers.size())) {
            try (TarArchiveInputStream tar = layer(blobs.get(blob(l.digest())))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path target = root.resolve(normalized(e.getName()).substring(1)).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("layer entry outside the root: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isFile()) {
                        Files.createDirectories(target.getParent());
                        Files.copy((InputStream) tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(e.getMode()));
                    }
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                p.add(bits[i]);
            }
        }
        p.add(PosixFilePermission.OWNER_WRITE);
        return p;
    }
}
