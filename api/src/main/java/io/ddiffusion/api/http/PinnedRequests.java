package io.ddiffusion.api.http;

import io.ddiffusion.core.net.AddressGuard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Outgoing requests to URLs that users name (input URLs, webhooks), pinned to an address checked by
 * {@link AddressGuard}: the host is resolved once, its addresses checked, and the request connects to that very
 * address while the URL's host still names the server for TLS and the Host header, so a second DNS answer cannot
 * redirect it. Only the plumbing lives here; each caller words its own refusals.
 */
public final class PinnedRequests {
    private PinnedRequests() {
    }

    /** The URL's scheme in lower case, or "" when it has none. */
    public static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /** {@code https}, or also {@code http} where private targets are allowed (intranets rarely have TLS). */
    public static boolean schemeAllowed(URI uri, boolean allowPrivate) {
        String scheme = scheme(uri);
        return scheme.equals("https") || (allowPrivate && scheme.equals("http"));
    }

    /** The host resolved once and checked: the address to connect to. */
    public static InetAddress resolve(URI uri, boolean allowPrivate) throws AddressGuard.RefusedAddressException {
        String host = uri.getHost();
        // why: URI keeps an IPv6 literal's brackets, which the resolver does not take
        return AddressGuard.resolvePublic(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                allowPrivate);
    }

    /** A request for {@code uri} sent to {@code address}; redirects are the caller's to check and follow. */
    public static RequestOptions options(HttpMethod method, URI uri, InetAddress address, long timeoutMs) {
        boolean https = scheme(uri).equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String resource = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new RequestOptions().setMethod(method).setHost(uri.getHost()).setPort(port).setSsl(https)
                .setURI(resource).setFollowRedirects(false)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
    }

    /** A client for such requests: no keep-alive, so every request connects to the address checked for it. */
    public static HttpClient client(Vertx vertx, long connectTimeoutMs) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setVerifyHost(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMs)));
    }

    /** Whether a failed request ran out of time (Vert.x and Netty report it by several types and messages). */
    public static boolean timedOut(Throwable cause) {
        if (cause instanceof io.netty.handler.timeout.TimeoutException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return true;
        }
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("timeout") || message.contains("timed out");
    }
}
