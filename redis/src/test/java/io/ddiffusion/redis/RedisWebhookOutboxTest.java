package io.ddiffusion.redis;

import io.ddiffusion.core.webhooks.WebhookOutboxContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisWebhookOutboxTest extends WebhookOutboxContract {
    @RegisterExtension
    static final RedisTestSupport redis = new RedisTestSupport();

    @Override
    protected Backend backend() {
        RedisKeys keys = redis.freshKeys();
        return new Backend(new RedisTaskStore(redis.connections(), keys, Duration.ofMinutes(5)),
                new RedisWebhookOutbox(redis.connections(), keys));
    }
}
