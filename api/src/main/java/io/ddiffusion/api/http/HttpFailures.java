package io.ddiffusion.api.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Failures below the REST resources (Vert.x and Quarkus routing: a request without {@code Host} or
 * {@code :authority}, a body over the transport's limit) answered with our error body {@code {"detail": "..."}} like
 * every other error, instead of Quarkus' default, which logs each one at ERROR with its stack trace and puts the
 * exception text in the body. Requests refused for their framing go to {@link JunkLog}, one line per kind at most every
 * 10 s. Also puts a {@link ChunkGuard} on connections that send a chunked body, so a malformed one gets a 400.
 */
@ApplicationScoped
public class HttpFailures {
    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    void install(@Observes Router router, ApiSettings settings) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            if (request.version() != HttpVersion.HTTP_2 && request.headers().contains("Transfer-Encoding")) {
                ChunkGuard.install(request, settings.maxBodyBytes());
            }
            ctx.next();
        });
        // why: after the /mcp gate's own failure handler (JSON-RPC errors there), before Quarkus' default one
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).failureHandler(HttpFailures::failed);
    }

    private static void failed(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || ctx.failure() instanceof HttpClosedException) {
            return; // the connection is gone, or the answer went out: nothing to say, nothing worth a log line
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        String framing = framingProblem(ctx.request());
        String detail;
        if (framing != null) {
            status = 400;
            detail = "Bad request: " + framing;
        } else {
            detail = switch (status) {
                case 400 -> "Bad request";
                case 404 -> "Not found";
                case 405 -> "Method not allowed";
                case 413 -> "Request body too large";
                case 414 -> "Request URI too long";
                case 431 -> "Request header fields too large";
                default -> status >= 500 ? "Internal server error" : "Request failed";
            };
            if (status >= 500) {
                LOG.error("Request failed", ctx.failure());
            }
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("detail", detail).encode());
    }

    /**
     * What is wrong with the framing of {@code request} that the router refused it for (null if nothing); notes it in
     * {@link JunkLog}. A request without {@code Host} (HTTP/1.1) or {@code :authority} (HTTP/2) fails in Vert.x Web's
     * router before any route.
     */
    public static String framingProblem(HttpServerRequest request) {
        if (request.authority() != null || request.version() == HttpVersion.HTTP_1_0) {
            return null;
        }
        String missing = request.version() == HttpVersion.HTTP_2 ? "the ':authority' pseudo-header is required"
                : "the 'Host' header is required";
        JunkLog.refused("no-host", "Refused a request without Host or :authority from "
                + (request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress()) + " ("
                + request.version() + ")");
        return missing;
    }
}
