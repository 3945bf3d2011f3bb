package io.ddiffusion.api.mcp;

import io.ddiffusion.api.http.ApiSettings;
import io.ddiffusion.api.http.Authenticated;
import io.ddiffusion.api.http.UserKeys;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;

/**
 * The door of {@code /mcp}: 404 while ENABLE_MCP is false; otherwise only callers with a valid user key get in,
 * checked by {@link UserKeys} exactly as on the REST routes (the original's {@code /mcp} checked nothing itself). A
 * refusal carries the REST status and a JSON-RPC error saying what to send. The admin key is refused here like on any
 * task route, and there are no admin tools.
 */
@ApplicationScoped
public class McpGate {
    /** Where the caller the gate admitted waits for the tool call (in the request's routing context). */
    static final String CALLER = McpGate.class.getName() + ".caller";

    void install(@Observes Router router, ApiSettings settings, UserKeys keys) {
        // why: before the MCP extension's own route and its body handler, after the body-size guard
        router.routeWithRegex("^/mcp(/.*)?$").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(ctx -> {
            if (settings.enableMcp()) {
                admit(ctx, keys);
            } else {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("detail", "Not found: MCP is disabled (ENABLE_MCP=false)")
                                .encode());
            }
        });
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
