package io.ddiffusion.api.tasks;

import io.ddiffusion.core.config.Env;
import java.time.Duration;

/**
 * Inputs sent other than as base64: uploads and URLs.
 *
 * @param uploadExpiry {@code DDIFFUSION_UPLOAD_EXPIRY_MINUTES}: an upload no task used is deleted after this
 * @param allowUrls {@code DDIFFUSION_ALLOW_INPUT_URLS}: whether media fields take an {@code https://} URL the API
 *     fetches (off: air-gapped sites, and no outbound requests unless the operator wants them)
 * @param maxUrlBytes {@code DDIFFUSION_INPUT_URL_MAX_MB} in bytes: the largest file a URL input may be
 * @param urlTimeout {@code DDIFFUSION_INPUT_URL_TIMEOUT_SECONDS}: connecting, and each wait for more bytes, and the
 *     whole fetch (every redirect included) end after this
 */
public record InputSettings(Duration uploadExpiry, boolean allowUrls, long maxUrlBytes, Duration urlTimeout) {

    public static InputSettings from(Env env) {
        return new InputSettings(Duration.ofMinutes(env.integer("DDIFFUSION_UPLOAD_EXPIRY_MINUTES", 60, 1)),
                env.bool("DDIFFUSION_ALLOW_INPUT_URLS", false),
                env.integer("DDIFFUSION_INPUT_URL_MAX_MB", 100, 1) * 1024L * 1024L,
                Duration.ofSeconds(env.integer("DDIFFUSION_INPUT_URL_TIMEOUT_SECONDS", 30, 1)));
    }
}
