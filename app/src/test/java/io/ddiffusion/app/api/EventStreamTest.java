package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;

/** {@link AbstractEventStreamTest} on the embedded runtime: events from the in-process store. */
@QuarkusTest
class EventStreamTest extends AbstractEventStreamTest {
}
