package io.ddiffusion.app.api;

import java.util.HashMap;
import java.util.Map;

/** {@link WebhookProfile} in distributed mode: the outbox in Redis under this run's prefix. */
public class RedisWebhookProfile extends RedisProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> all = new HashMap<>(super.getConfigOverrides());
        all.putAll(WebhookProfile.settings());
        return all;
    }
}
