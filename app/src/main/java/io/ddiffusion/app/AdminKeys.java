package io.ddiffusion.app;

import io.ddiffusion.core.config.KeySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Where the admin key comes from. Distributed mode needs one configured (at least 32 characters); the embedded mode
 * makes one on first start, keeps it in the data directory (readable by its owner only) and prints it that once.
 */
public final class AdminKeys {
    static final String FILE = "admin.key";

    private AdminKeys() {
    }

    /** Refuses a configuration whose admin key is unusable, without generating anything. */
    public static void validate(SharedSettings settings) {
        if (settings.keys().adminKey().isPresent()) {
            String key = settings.keys().adminKey().get();
            if (key.length() < KeySettings.MIN_ADMIN_KEY_LENGTH) {
                throw new StartupException("DDIFFUSION_ADMIN_KEY is " + key.length() + " characters; it must be at "
                        + "least " + KeySettings.MIN_ADMIN_KEY_LENGTH + ". Make one with: openssl rand -base64 32");
            }
        } else if (settings.distributed()) {
            throw new StartupException("DDIFFUSION_ADMIN_KEY is not set. With DDIFFUSION_REDIS_URL set, every API "
                    + "process needs the same admin key of at least " + KeySettings.MIN_ADMIN_KEY_LENGTH
                    + " characters. Make one with: openssl rand -base64 32");
        }
    }

    /**
     * The admin key in effect.
     *
     * @param announce receives the lines to show the operator when a key was generated
     * @throws StartupException when the configured key is unusable
     */
    public static String resolve(SharedSettings settings, Consumer<String> announce) {
        validate(settings);
        if (settings.keys().adminKey().isPresent()) {
            return settings.keys().adminKey().get();
        }
        Path file = settings.storage().dataDir().resolve(FILE);
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file).strip();
                announce.accept("Admin key: stored in " + file.toAbsolutePath() + " (set DDIFFUSION_ADMIN_KEY to "
                        + "use your own)");
                return key;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, key + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem
            }
            announce.accept("Generated an admin key (shown only now; kept in " + file.toAbsolutePath() + "):");
            announce.accept("    " + key);
            announce.accept("Create an API key with: ./ddiffusion keys create NAME");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
