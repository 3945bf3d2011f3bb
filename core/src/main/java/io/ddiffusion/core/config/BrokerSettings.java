package io.ddiffusion.core.config;

import java.util.Optional;

/**
 * Where tasks, task records and keys live: Redis when {@code DDIFFUSION_REDIS_URL} is set (API and workers on many
 * machines share it), otherwise the embedded broker and store in this process.
 *
 * @param redisUrl {@code DDIFFUSION_REDIS_URL}
 * @param prefix {@code DDIFFUSION_REDIS_PREFIX}: of every Redis key, so several installations can share a Redis
 */
public record BrokerSettings(Optional<String> redisUrl, String prefix) {

    public static BrokerSettings from(Env env) {
        return new BrokerSettings(env.optional("DDIFFUSION_REDIS_URL"), env.string("DDIFFUSION_REDIS_PREFIX", "dd:"));
    }

    /** Whether a broker URL is set: then API and workers share Redis, otherwise everything runs in one process. */
    public boolean distributed() {
        return redisUrl.isPresent();
    }
}
