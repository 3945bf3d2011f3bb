package io.ddiffusion.app.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AbstractWebhookTest} embedded: the outbox in the process, scheduled from its event log. */
@QuarkusTest
@TestProfile(WebhookProfile.class)
class WebhookTest extends AbstractWebhookTest {
}
