package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;

/** {@link AbstractIdempotencyTest} against the embedded runtime (in-process broker, store and key file). */
@QuarkusTest
class IdempotencyTest extends AbstractIdempotencyTest {
}
