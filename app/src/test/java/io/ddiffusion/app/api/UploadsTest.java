package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;

/** {@link AbstractUploadsTest} in embedded mode: uploads recorded in this process. */
@QuarkusTest
class UploadsTest extends AbstractUploadsTest {
}
