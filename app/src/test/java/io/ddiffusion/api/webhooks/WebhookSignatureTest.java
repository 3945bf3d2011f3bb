package io.ddiffusion.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    @Test
    void signsAsTheStandardWebhooksSpecificationsOwnExample() {
        // the example in the Standard Webhooks specification (standard-webhooks/standard-webhooks, spec and tests)
        byte[] key = WebhookSettings.decodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = WebhookSignature.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void secretsOutsideTheSpecificationsSizesOrNotBase64AreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> WebhookSettings.decodeSecret("whsec_c2hvcnQ=")).isInstanceOf(
                InvalidSettingException.class).hasMessageContaining("DDIFFUSION_WEBHOOK_SECRET")
                .hasMessageContaining("24 to 64 bytes");
        assertThatThrownBy(() -> WebhookSettings.decodeSecret("whsec_not base64!")).isInstanceOf(
                InvalidSettingException.class).hasMessageContaining("DDIFFUSION_WEBHOOK_SECRET");
    }

    @Test
    void retriesDefaultToAboutADayAndRefuseAnythingButWholeSeconds() {
        WebhookSettings defaults = WebhookSettings.from(Env.of(Map.of()), Optional.empty());
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.retries().stream().reduce(Duration.ZERO, Duration::plus))
                .isBetween(Duration.ofHours(24), Duration.ofHours(30));

        assertThatThrownBy(() -> WebhookSettings.from(Env.of(Map.of("DDIFFUSION_WEBHOOK_RETRY_SECONDS", "5,x")),
                Optional.empty())).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("DDIFFUSION_WEBHOOK_RETRY_SECONDS");
        assertThatThrownBy(() -> WebhookSettings.from(Env.of(Map.of("DDIFFUSION_WEBHOOK_RETRY_SECONDS", "0")),
                Optional.empty())).isInstanceOf(InvalidSettingException.class);
    }
}
