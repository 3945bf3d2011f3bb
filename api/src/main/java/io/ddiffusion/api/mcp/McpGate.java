package io.ddiffusion.api.mcp;

import io.ddiffusion.api.http.ApiSettings;
import io.ddiffusion.api.http.Authenticated;
import io.ddiffusion.api.http.HttpFailures;
import io.ddiffusion.api.http.UserKeys;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.runtime.McpMessageHandler;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The door of {@code /mcp}: 404 while ENABLE_MCP is false; otherwise only callers with a valid user key get in,
 * checked by {@link UserKeys} exactly as on the REST routes (the original's {@code /mcp} checked nothing itself). A
 * refusal carries the REST status and a JSON-RPC error saying what to send. The admin key is refused here like on any
 * task route, and there are no admin tools.
 *
 * <p>Behind the door, the body of every JSON-RPC POST is read and checked by {@link JsonRpcCheck} before the extension
 * sees it, so malformed JSON-RPC gets a JSON-RPC error and never the extension's 500; failures inside the extension
 * (its 400, 404, 405, a body over the limit) are answered as JSON-RPC errors too, never as an empty body or a stack.
 */
@ApplicationScoped
public class McpGate {
    /** Where the caller the gate admitted waits for the tool call (in the request's routing context). */
    static final String CALLER = McpGate.class.getName() + ".caller";
    private static final Logger LOG = Logger.getLogger(McpGate.class);
    private static final String PATHS = "^/mcp(/.*)?$";
    private static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    void install(@Observes Router router, ApiSettings settings, UserKeys keys) {
        // why: before the MCP extension's own route and its body handler, after the body-size guard
        router.routeWithRegex(PATHS).order(ORDER).handler(ctx -> {
            if (settings.enableMcp()) {
                admit(ctx, keys);
            } else {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("detail", "Not found: MCP is disabled (ENABLE_MCP=false)")
                                .encode());
            }
        }).failureHandler(ctx -> failed(ctx, settings.maxBodyBytes()));
        // why: the body is read only once the caller is admitted (same order: routes keep the order they were added
        // in); the extension's own body handler then sees it read and passes it on
        router.routeWithRegex(PATHS).order(ORDER).handler(BodyHandler.create(false)
                .setBodyLimit(settings.maxBodyBytes())).handler(McpGate::check);
    }

    /** A JSON-RPC POST goes on only with the headers the transport requires and a well-formed message. */
    private static void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        // why: /mcp is the streamable HTTP transport; /mcp/messages/<id> the extension's legacy HTTP+SSE one
        boolean streamable = path.equals("/mcp");
        if (request.method() != HttpMethod.POST || !(streamable || path.startsWith("/mcp/messages/"))) {
            ctx.next();
            return;
        }
        List<String> accept = request.headers().getAll("Accept");
        if (streamable && (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream"))) {
            answer(ctx, new JsonRpcCheck.Refusal(400, null, JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request: "
                    + "send the header 'Accept: application/json, text/event-stream'"));
            return;
        }
        String version = request.getHeader("Mcp-Protocol-Version");
        if (streamable && version != null && !McpMessageHandler.SUPPORTED_PROTOCOL_VERSIONS.contains(version)) {
            answer(ctx, new JsonRpcCheck.Refusal(400, null, JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request: "
                    + "unsupported Mcp-Protocol-Version; supported: "
                    + String.join(", ", McpMessageHandler.SUPPORTED_PROTOCOL_VERSIONS)));
            return;
        }
        JsonRpcCheck.Refusal refusal = JsonRpcCheck.check(ctx.body().buffer());
        if (refusal == null) {
            ctx.next();
        } else {
            answer(ctx, refusal);
        }
    }

    private static boolean accepts(List<String> accept, String type) {
        // why: the extension's own test, so that nothing this gate lets through is refused there again
        return accept.stream().anyMatch(value -> value.contains(type));
    }

    private static void answer(RoutingContext ctx, JsonRpcCheck.Refusal refusal) {
        HttpServerResponse response = ctx.response().setStatusCode(refusal.status());
        JsonObject body = refusal.body();
        if (body == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json").end(body.encode());
        }
    }

    /**
     * A failure on {@code /mcp}, ours or the extension's ({@code ctx.fail(400)} and the like, an exception): a JSON-RPC
     * error with the status, never an empty body or exception text.
     */
    private static void failed(RoutingContext ctx, long maxBodyBytes) {
        if (ctx.response().ended() || ctx.failure() instanceof HttpClosedException) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        String framing = HttpFailures.framingProblem(ctx.request());
        if (framing != null) {
            answer(ctx, JsonRpcCheck.Refusal.invalid(framing));
            return;
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        String message = switch (status) {
            case 400 -> "Invalid Request: the request is malformed";
            case 404 -> "Not found: no such MCP session; start a new one with initialize";
            case 405 -> "Method not allowed: POST JSON-RPC messages; GET opens the stream of an MCP session";
            case 413 -> "Invalid Request: the body exceeds the limit of " + maxBodyBytes
                    + " bytes (DDIFFUSION_MAX_BODY_MB)";
            default -> status >= 500 ? "Internal error" : "Invalid Request";
        };
        int code = status >= 500 ? JsonRpcErrorCodes.INTERNAL_ERROR : JsonRpcErrorCodes.INVALID_REQUEST;
        if (status >= 500) {
            LOG.error("MCP request failed", ctx.failure());
        }
        answer(ctx, new JsonRpcCheck.Refusal(status, null, code, message));
    }

    private static void admit(RoutingContext ctx, UserKeys keys) {
        HttpServerRequest request = ctx.request();
        String authorization = request.getHeader("Authorization");
        Map<String, String> identity = new HashMap<>();
        for (String name : new String[] {"x-user-id", "x-machine-id"}) {
            identity.put(name, request.getHeader(name));
        }
        String clientIp = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        // why: the key store may be Redis; the event loop must not wait for it (Quarkus keeps the body paused)
        ctx.vertx().executeBlocking(() -> keys.authenticate(authorization, identity::get, clientIp), false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        ctx.put(CALLER, result.result());
                        ctx.next();
                    } else {
                        refuse(ctx, ErrorAnswer.of(result.cause()));
                    }
                });
    }

    private static void refuse(RoutingContext ctx, ErrorAnswer answer) {
        HttpServerResponse response = ctx.response().setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        int code = answer.status() == 401 || answer.status() == 403 ? JsonRpcErrorCodes.SECURITY_ERROR
                : JsonRpcErrorCodes.INTERNAL_ERROR;
        response.putHeader("Content-Type", "application/json").end(new JsonObject().put("jsonrpc", "2.0")
                .putNull("id").put("error", new JsonObject().put("code", code).put("message", answer.message()))
                .encode());
    }

    /** The caller admitted for the HTTP request behind the current tool call, if any. */
    static Authenticated admitted(RoutingContext ctx) {
        return ctx == null ? null : ctx.get(CALLER);
    }
}
