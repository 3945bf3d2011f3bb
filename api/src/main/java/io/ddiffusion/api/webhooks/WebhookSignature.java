package io.ddiffusion.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks' signature: HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>} with the secret's key,
 * base64, prefixed with the scheme's version: {@code v1,<base64>}.
 */
public final class WebhookSignature {
    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header's value. */
    public static String sign(byte[] key, String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
