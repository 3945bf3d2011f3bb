package io.ddiffusion.core.config;

import java.util.Optional;

/**
 * The admin key and the secret signed URLs are made with. Never printed.
 *
 * @param adminKey {@code DDIFFUSION_ADMIN_KEY}: required in distributed mode, generated when embedded
 * @param signingKey {@code DDIFFUSION_SIGNING_KEY}: defaults to the admin key; set it to rotate the admin key
 *     without breaking links
 */
public record KeySettings(Optional<String> adminKey, Optional<String> signingKey) {
    public static final int MIN_ADMIN_KEY_LENGTH = 32;

    public static KeySettings from(Env env) {
        return new KeySettings(env.optional("DDIFFUSION_ADMIN_KEY"), env.optional("DDIFFUSION_SIGNING_KEY"));
    }

    @Override
    public String toString() {
        return "KeySettings[adminKey=" + (adminKey.isPresent() ? "set" : "unset") + ", signingKey="
                + (signingKey.isPresent() ? "set" : "unset") + "]";
    }
}
