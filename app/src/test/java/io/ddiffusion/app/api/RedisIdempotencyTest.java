package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractIdempotencyTest} in distributed mode: the keys' records in Redis, written by the submit script. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisIdempotencyTest extends AbstractIdempotencyTest {
}
