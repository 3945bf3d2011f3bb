package io.ddiffusion.api.http;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.StorageSettings;
import io.ddiffusion.schema.common.Limits;
import java.time.Duration;

/**
 * What the API enforces and serves, beyond the fixed request limits of {@link Limits}.
 *
 * @param port {@code DDIFFUSION_PORT}
 * @param taskBacklogLimit {@code TASK_BACKLOG_LIMIT}: submits get 429 while this many tasks wait
 * @param enableMcp {@code ENABLE_MCP}: whether {@code /mcp} is served
 * @param maxBodyBytes {@code DDIFFUSION_MAX_BODY_MB} in bytes: larger bodies get 413
 * @param maxImagePixels {@code DDIFFUSION_MAX_IMAGE_MEGAPIXELS} in pixels: the largest image an input may declare
 * @param maxUpscaledPixels {@code DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS}: the largest image a local upscaler may
 *     produce (the workers read it too), so larger inputs are refused at submit
 * @param idempotencyTtl {@code DDIFFUSION_IDEMPOTENCY_TTL_HOURS}: how long an Idempotency-Key keeps answering the
 *     task its first create made
 */
public record ApiSettings(int port, int taskBacklogLimit, boolean enableMcp, long maxBodyBytes, long maxImagePixels,
        long maxUpscaledPixels, Duration idempotencyTtl) {

    public static final int DEFAULT_IDEMPOTENCY_TTL_HOURS = 24;

    public static ApiSettings from(Env env) {
        return new ApiSettings(env.integer("DDIFFUSION_PORT", StorageSettings.DEFAULT_PORT),
                env.integer("TASK_BACKLOG_LIMIT", 100),
                env.bool("ENABLE_MCP", true),
                env.integer("DDIFFUSION_MAX_BODY_MB", 256) * 1024L * 1024L,
                env.integer("DDIFFUSION_MAX_IMAGE_MEGAPIXELS", 64) * 1_000_000L,
                env.integer(Limits.MAX_UPSCALED_PIXELS_VARIABLE, Limits.DEFAULT_MAX_UPSCALED_PIXELS),
                Duration.ofHours(env.integer("DDIFFUSION_IDEMPOTENCY_TTL_HOURS", DEFAULT_IDEMPOTENCY_TTL_HOURS, 1)));
    }
}
