package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractEventStreamTest} in distributed mode: events through Redis streams and the node's one reader. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisEventStreamTest extends AbstractEventStreamTest {
}
