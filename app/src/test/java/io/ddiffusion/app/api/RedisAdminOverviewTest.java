package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractAdminOverviewTest} in distributed mode: the recent-task index and queues in Redis. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisAdminOverviewTest extends AbstractAdminOverviewTest {
}
