package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;

/** {@link AbstractTaskFlowTest} against the embedded runtime (in-process broker, store and key file). */
@QuarkusTest
class TaskFlowTest extends AbstractTaskFlowTest {
}
