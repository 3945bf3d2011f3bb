package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractWebhookTest} in distributed mode: messages scheduled by the store's scripts, kept in Redis. */
@QuarkusTest
@TestProfile(RedisWebhookProfile.class)
class RedisWebhookTest extends AbstractWebhookTest {
}
