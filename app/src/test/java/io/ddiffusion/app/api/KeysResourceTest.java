package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;

/** {@link AbstractKeysTest} against the embedded runtime (in-process broker, store and key file). */
@QuarkusTest
class KeysResourceTest extends AbstractKeysTest {
}
