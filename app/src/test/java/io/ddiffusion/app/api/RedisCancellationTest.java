package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractCancellationTest} in distributed mode: broker, task store and keys in Redis. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisCancellationTest extends AbstractCancellationTest {
}
