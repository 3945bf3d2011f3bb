package io.ddiffusion.api.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One webhook POST, connected to the address the target check resolved (the URL's host still names the server for
 * TLS and the Host header, so a second DNS answer cannot redirect it). Redirects are not followed (an attempt that
 * gets one failed), the answer's body is not read beyond its end, and nothing of it is kept: only the status.
 */
final class WebhookSender implements AutoCloseable {
    /** The status of an answer, or why there was none. */
    record Answer(Integer status, String error) {
        boolean delivered() {
            return status != null && status / 100 == 2;
        }
    }

    private final HttpClient client;

    WebhookSender(Vertx vertx, Duration timeout) {
        // why: no keep-alive, so every attempt connects to the address checked for it
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setVerifyHost(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    }

    Answer post(URI uri, InetAddress address, Map<String, String> headers, byte[] body, Duration timeout) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String resource = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(port)
                .setSsl(https).setURI(resource).setFollowRedirects(false)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        // why: end() is asked for while the response's head is handled, so its end cannot pass unseen; the body is
        // dropped as it arrives (no handler), never kept
        client.request(options).compose(r -> r.send(Buffer.buffer(body)))
                .compose(response -> response.end().map(v -> response.statusCode()))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        done.completeExceptionally(ar.cause());
                    } else {
                        done.complete(ar.result());
                    }
                });
        try {
            return new Answer(done.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            return new Answer(null, "no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "interrupted");
        } catch (ExecutionException e) {
            String message = String.valueOf(e.getCause().getMessage());
            if (message.toLowerCase(java.util.Locale.ROOT).contains("timeout")
                    || message.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
                return new Answer(null, "no answer within " + timeout.toSeconds() + " s");
            }
            // why: the receiver's address and exception text stay in the log, not in task_info
            return new Answer(null, "connection to " + uri.getHost() + " failed");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
