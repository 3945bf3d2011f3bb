package io.ddiffusion.api.webhooks;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.InvalidSettingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * How webhooks are sent.
 *
 * @param secret the signing key ({@code DDIFFUSION_WEBHOOK_SECRET} decoded, or the embedded mode's generated one);
 *     empty: this server sends no webhooks and refuses requests that name one
 * @param allowPrivate {@code DDIFFUSION_WEBHOOK_ALLOW_PRIVATE}: receivers on private, loopback or link-local
 *     addresses, and plain {@code http://}, are allowed (an intranet pipeline service); off by default (SSRF)
 * @param retries {@code DDIFFUSION_WEBHOOK_RETRY_SECONDS}: the wait before each retry; after the last, the message is
 *     given up
 * @param timeout {@code DDIFFUSION_WEBHOOK_TIMEOUT_SECONDS}: one attempt's connect-and-answer limit
 */
public record WebhookSettings(Optional<byte[]> secret, boolean allowPrivate, List<Duration> retries,
        Duration timeout) {
    public static final String SECRET_VARIABLE = "DDIFFUSION_WEBHOOK_SECRET";
    /** Standard Webhooks' secret format: this prefix, then the key in base64. */
    public static final String SECRET_PREFIX = "whsec_";
    /** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 27.5 hours. */
    public static final String DEFAULT_RETRIES = "5,300,1800,7200,18000,36000,36000";

    public WebhookSettings {
        retries = List.copyOf(retries);
    }

    /**
     * @param generatedSecret the embedded mode's key (a {@code whsec_} string) when the variable is unset, else empty
     */
    public static WebhookSettings from(Env env, Optional<String> generatedSecret) {
        Optional<String> configured = env.optional(SECRET_VARIABLE);
        Optional<byte[]> secret = configured.or(() -> generatedSecret).map(WebhookSettings::decodeSecret);
        return new WebhookSettings(secret, env.bool("DDIFFUSION_WEBHOOK_ALLOW_PRIVATE", false),
                retries(env.string("DDIFFUSION_WEBHOOK_RETRY_SECONDS", DEFAULT_RETRIES)),
                Duration.ofSeconds(env.integer("DDIFFUSION_WEBHOOK_TIMEOUT_SECONDS", 15, 1)));
    }

    public boolean enabled() {
        return secret.isPresent();
    }

    /** The key of a {@code whsec_<base64>} secret: 24 to 64 bytes, as Standard Webhooks asks. */
    static byte[] decodeSecret(String value) {
        String b64 = value.startsWith(SECRET_PREFIX) ? value.substring(SECRET_PREFIX.length()) : value;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(SECRET_VARIABLE + " must be whsec_ followed by base64 (make one with: "
                    + "echo whsec_$(openssl rand -base64 32))");
        }
        if (key.length < 24 || key.length > 64) {
            throw new InvalidSettingException(SECRET_VARIABLE + " must hold 24 to 64 bytes of key, got " + key.length
                    + " (make one with: echo whsec_$(openssl rand -base64 32))");
        }
        return key;
    }

    private static List<Duration> retries(String list) {
        List<Duration> out = new ArrayList<>();
        for (String part : list.split(",")) {
            try {
                long seconds = Long.parseLong(part.strip());
                if (seconds < 1) {
                    throw new NumberFormatException();
                }
                out.add(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("DDIFFUSION_WEBHOOK_RETRY_SECONDS must be a comma-separated list of "
                        + "whole seconds ≥ 1 (e.g. " + DEFAULT_RETRIES + "), got '" + list + "'");
            }
        }
        return out;
    }
}
