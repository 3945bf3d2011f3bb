package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractUploadsTest} in distributed mode: uploads recorded in Redis. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisUploadsTest extends AbstractUploadsTest {
}
