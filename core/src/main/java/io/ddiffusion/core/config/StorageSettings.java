package io.ddiffusion.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Files and how long things are kept: the data folder of the embedded mode, the storage root (a volume every node
 * shares in distributed mode), the base of signed URLs and their lifetime, and the retention of finished tasks.
 *
 * @param dataDir {@code DDIFFUSION_DATA_DIR}: keys file, admin key, default storage
 * @param storageDirectory {@code DDIFFUSION_STORAGE_DIRECTORY}
 * @param storageAddress {@code DDIFFUSION_STORAGE_ADDRESS}: the API's address as clients reach it
 * @param signedUrlExpiry {@code SIGNED_URL_EXPIRY_SECONDS}
 * @param resultRetention {@code RESULT_EXPIRES_DAYS}: records, logs and outputs are deleted after this
 * @param objectStore {@code DDIFFUSION_STORAGE_URL} and friends: blobs in an S3-compatible bucket instead of
 *        {@code storageDirectory}
 */
public record StorageSettings(Path dataDir, Path storageDirectory, String storageAddress, Duration signedUrlExpiry,
        Duration resultRetention, Optional<ObjectStoreSettings> objectStore) {

    /** The API's HTTP port when {@code DDIFFUSION_PORT} is unset; signed URLs point at it by default. */
    public static final int DEFAULT_PORT = 5000;

    public static StorageSettings from(Env env) {
        Path dataDir = Path.of(env.string("DDIFFUSION_DATA_DIR", "data"));
        int port = env.integer("DDIFFUSION_PORT", DEFAULT_PORT);
        return new StorageSettings(dataDir,
                Path.of(env.string("DDIFFUSION_STORAGE_DIRECTORY", dataDir.resolve("storage").toString())),
                env.string("DDIFFUSION_STORAGE_ADDRESS", "http://127.0.0.1:" + port),
                Duration.ofSeconds(env.integer("SIGNED_URL_EXPIRY_SECONDS", 3600)),
                Duration.ofDays(env.integer("RESULT_EXPIRES_DAYS", 30)), ObjectStoreSettings.from(env));
    }
}
