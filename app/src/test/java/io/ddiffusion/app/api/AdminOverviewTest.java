package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;

/** {@link AbstractAdminOverviewTest} against the embedded runtime. */
@QuarkusTest
class AdminOverviewTest extends AbstractAdminOverviewTest {
}
