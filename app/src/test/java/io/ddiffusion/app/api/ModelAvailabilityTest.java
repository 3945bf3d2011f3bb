package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractModelAvailabilityTest} on the embedded broker. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class ModelAvailabilityTest extends AbstractModelAvailabilityTest {
}
