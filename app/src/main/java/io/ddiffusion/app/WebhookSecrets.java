package io.ddiffusion.app;

import io.ddiffusion.api.webhooks.WebhookSettings;
import io.ddiffusion.core.config.Env;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded mode's webhook secret when {@code DDIFFUSION_WEBHOOK_SECRET} is unset: made on first start and kept in
 * the data directory (readable by its owner only), so {@code serve} sends webhooks out of the box and receivers can
 * verify them with the file's content. Distributed mode makes none: every API node must sign with the same secret, so
 * it comes from the variable, and without it webhooks are off.
 */
final class WebhookSecrets {
    static final String FILE = "webhook.secret";

    private WebhookSecrets() {
    }

    /** The generated secret ({@code whsec_…}), or empty when the variable is set or the mode is distributed. */
    static Optional<String> generated(Env env, SharedSettings settings, Consumer<String> announce) {
        if (env.optional(WebhookSettings.SECRET_VARIABLE).isPresent()) {
            return Optional.empty();
        }
        if (settings.distributed()) {
            announce.accept("Webhooks are off: set " + WebhookSettings.SECRET_VARIABLE + " (the same on every API "
                    + "node; make one with: echo whsec_$(openssl rand -base64 32))");
            return Optional.empty();
        }
        Path file = settings.storage().dataDir().resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Optional.of(Files.readString(file).strip());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String secret = WebhookSettings.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
            Files.writeString(file, secret + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem
            }
            announce.accept("Generated a webhook signing secret in " + file.toAbsolutePath() + " (set "
                    + WebhookSettings.SECRET_VARIABLE + " to use your own)");
            return Optional.of(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
