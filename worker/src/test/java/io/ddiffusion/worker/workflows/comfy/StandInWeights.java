package io.ddiffusion.worker.workflows.comfy;

import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.comfy.ComfyModelFile;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.models.hub.HubCache;
import io.ddiffusion.worker.models.hub.HubDownloader;
import io.ddiffusion.worker.models.hub.HubFile;
import io.ddiffusion.worker.models.hub.HubSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A ComfyUI model's manifest pinned to tiny stand-in files (the real ones are tens of GB and mostly unpinned), and a
 * Hugging Face cache in a temporary folder to put them in: file names and folders stay the model's, so its graphs
 * load the same names.
 */
public final class StandInWeights {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private StandInWeights() {
    }

    /** The model with every file pinned at {@link #COMMIT} to its stand-in's size and sha256. */
    public static ComfyModel pinned(ComfyModel model) {
        return new ComfyModel(model.name(), model.description(), model.files().stream().map(f -> {
            byte[] bytes = bytes(f);
            return ComfyModelFile.recorded(f.role(), f.folder(), f.repo(), COMMIT, f.path(), bytes.length,
                    sha256(bytes), "test stand-in");
        }).toList());
    }

    /** Puts the stand-ins of a {@linkplain #pinned pinned} model into the cache, as a pull would. */
    public static void pull(ComfyModel pinned, HubCache cache) throws IOException {
        for (ComfyModelFile f : pinned.files()) {
            HubFile file = f.component().file().orElseThrow();
            Files.createDirectories(cache.blobsDir(file));
            Path download = Files.createTempFile(cache.root(), "stand-in", ".part");
            Files.write(download, bytes(f));
            cache.commit(file, download, file.sha256());
        }
    }

    /** A store over an offline cache in {@code root}: nothing is ever downloaded. */
    public static ModelWeights store(Path root) {
        return new ModelWeights(new HubDownloader(new HubSettings(URI.create("http://127.0.0.1:9"), Optional.empty(),
                root, true, Duration.ofSeconds(5))), false);
    }

    static byte[] bytes(ComfyModelFile f) {
        return ("stand-in for " + f.repo() + "/" + f.path()).getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
