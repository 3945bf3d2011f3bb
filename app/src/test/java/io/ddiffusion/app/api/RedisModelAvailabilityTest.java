package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractModelAvailabilityTest} on Redis. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.OnRedis.class)
class RedisModelAvailabilityTest extends AbstractModelAvailabilityTest {
}
