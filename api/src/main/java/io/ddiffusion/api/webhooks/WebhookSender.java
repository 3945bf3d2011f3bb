package io.ddiffusion.api.webhooks;

import io.ddiffusion.api.http.PinnedRequests;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
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
 * gets one failed), and the answer's body is not read: only the status counts.
 */
public final class WebhookSender implements AutoCloseable {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WebhookSender.class);
    /** The status of an answer, or why there was none. */
    public record Answer(Integer status, String error) {
        public boolean delivered() {
            return status != null && status / 100 == 2;
        }
    }

    private final HttpClient client;

    public WebhookSender(Vertx vertx, Duration timeout) {
        this.client = PinnedRequests.client(vertx, timeout.toMillis());
    }

    public Answer post(URI uri, InetAddress address, Map<String, String> headers, byte[] body, Duration timeout) {
        RequestOptions options = PinnedRequests.options(HttpMethod.POST, uri, address, timeout.toMillis());
        headers.forEach(options::putHeader);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        // why: the status is all an attempt needs, so it is taken from the response's head and the connection closed
        // at once; waiting for the body's end could miss an end that came before the wait was set up
        client.request(options).compose(r -> r.send(Buffer.buffer(body))).onComplete(ar -> {
            if (ar.failed()) {
                done.completeExceptionally(ar.cause());
            } else {
                done.complete(ar.result().statusCode());
                ar.result().request().connection().close();
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
            if (PinnedRequests.timedOut(e.getCause())) {
                return new Answer(null, "no answer within " + timeout.toSeconds() + " s");
            }
            // why: the exception's text goes to the operator's log only, not to task_info
            LOG.debugf("webhook POST to %s failed: %s", uri.getHost(), e.getCause().getMessage());
            return new Answer(null, "connection to " + uri.getHost() + " failed");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
