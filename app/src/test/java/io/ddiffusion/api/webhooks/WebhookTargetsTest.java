package io.ddiffusion.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    private static String refusal(String url, boolean allowPrivate) {
        try {
            WebhookTargets.resolve(WebhookTargets.parse(url, allowPrivate), allowPrivate);
            return null;
        } catch (WebhookTargets.RefusedTargetException e) {
            return e.getMessage();
        }
    }

    @Test
    void onlyHttpsWithAHostAndNoCredentialsOrFragment() {
        assertThat(refusal("http://203.0.113.7/hook", false)).contains("https://");
        assertThat(refusal("ftp://203.0.113.7/hook", true)).contains("not 'ftp'");
        assertThat(refusal("https:///hook", false)).contains("host");
        assertThat(refusal("https://user:pw@203.0.113.7/hook", false)).contains("user name or password");
        assertThat(refusal("https://203.0.113.7/hook#x", false)).contains("fragment");
        assertThat(refusal("https://exa mple.com/", false)).contains("not a valid URL");
    }

    @Test
    void privateLoopbackAndLinkLocalReceiversAreRefusedUnlessAllowed() {
        for (String url : new String[] {"https://127.0.0.1/h", "https://10.1.2.3/h", "https://192.168.0.9/h",
            "https://169.254.169.254/latest/meta-data", "https://[::1]/h", "https://[fd00::1]/h",
            "https://localhost/h", "https://100.64.0.1/h"}) {
            assertThat(refusal(url, false)).as(url).contains("private or local address")
                    .contains("DDIFFUSION_WEBHOOK_ALLOW_PRIVATE");
        }
        assertThat(refusal("https://127.0.0.1/h", true)).isNull();
        assertThat(refusal("http://127.0.0.1:8080/h", true)).isNull();
    }

    @Test
    void aPublicAddressIsAcceptedAndResolvedToItself() throws Exception {
        URI uri = WebhookTargets.parse("https://203.0.113.7:8443/hook?x=1", false);
        assertThat(WebhookTargets.resolve(uri, false).getHostAddress()).isEqualTo("203.0.113.7");
        assertThatThrownBy(() -> WebhookTargets.resolve(WebhookTargets.parse("https://no-such-host.invalid/", false),
                false)).hasMessageContaining("cannot resolve");
    }
}
