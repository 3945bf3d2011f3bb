package io.ddiffusion.api.webhooks;

import io.ddiffusion.api.http.PinnedRequests;
import io.ddiffusion.core.net.AddressGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which receivers a webhook may name: {@code https://} URLs with a host and no user name or password, whose host
 * resolves to public addresses only (the SSRF rule of provider downloads, {@link AddressGuard}), unless the operator
 * allows private receivers, which also allows {@code http://}. Checked at submit and again before every attempt (DNS
 * may have changed), and the attempt connects to the address the check resolved.
 */
public final class WebhookTargets {
    private WebhookTargets() {
    }

    /** A receiver the rule refuses; the message completes "webhook ". */
    public static final class RefusedTargetException extends Exception {
        public RefusedTargetException(String message) {
            super(message);
        }
    }

    /** The URL parsed, with its scheme and shape checked (no DNS). */
    public static URI parse(String url, boolean allowPrivate) throws RefusedTargetException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedTargetException("is not a valid URL");
        }
        if (!PinnedRequests.schemeAllowed(uri, allowPrivate)) {
            throw new RefusedTargetException("must be an https:// URL" + (allowPrivate ? " or an http:// one" : "")
                    + ", not '" + PinnedRequests.scheme(uri) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedTargetException("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedTargetException("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedTargetException("must not carry a fragment (#…)");
        }
        return uri;
    }

    /** The address to connect to: the host resolved once and checked. */
    public static InetAddress resolve(URI uri, boolean allowPrivate) throws RefusedTargetException {
        try {
            return PinnedRequests.resolve(uri, allowPrivate);
        } catch (AddressGuard.RefusedAddressException e) {
            throw new RefusedTargetException("is refused: " + e.getMessage()
                    + (allowPrivate ? "" : " (DDIFFUSION_WEBHOOK_ALLOW_PRIVATE=true allows private receivers)"));
        }
    }
}
