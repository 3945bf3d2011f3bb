package io.ddiffusion.api.mcp;

import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Set;

/**
 * Checks a POST body to {@code /mcp} before the MCP extension reads it: one JSON-RPC 2.0 message of the shape the
 * MCP specification gives it, with the params of the methods this server serves of the types MCP defines. The
 * extension trusts the shape (it casts {@code params} to an object, decodes {@code clientInfo} without checking it,
 * and answers a body that is not one message with an empty 500), so whatever it could not handle is answered here.
 *
 * <p>What the answers are, per JSON-RPC 2.0 and the MCP streamable HTTP transport: a body that is not JSON is
 * {@value JsonRpcErrorCodes#PARSE_ERROR} Parse error, one that is not a single JSON-RPC message (an array, a number,
 * a member of the wrong type, {@code params} that is not structured) is {@value JsonRpcErrorCodes#INVALID_REQUEST}
 * Invalid Request; both with HTTP 400 and {@code "id": null}, as the server does not accept the input. A well-formed
 * request whose params do not fit its method is {@value JsonRpcErrorCodes#INVALID_PARAMS} Invalid params, and one for
 * a method this server does not serve {@value JsonRpcErrorCodes#METHOD_NOT_FOUND}; both are JSON-RPC responses to
 * that request (HTTP 200, its id). A malformed notification has no id to answer, so it is refused with HTTP 400; an
 * unknown notification is accepted and ignored (HTTP 202), as JSON-RPC never answers a notification.
 */
final class JsonRpcCheck {
    /** Requests and notifications passed on to the extension; the capabilities this server declares. */
    private static final Set<String> SERVED = Set.of("initialize", "ping", "tools/list", "tools/call",
            "logging/setLevel", "notifications/initialized", "notifications/cancelled", "notifications/progress",
            "notifications/roots/list_changed");
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    private JsonRpcCheck() {
    }

    /**
     * What to answer instead of passing the message on: the HTTP status, the JSON-RPC error (null for a 202 without a
     * body) and the id it answers (null where there is none to answer).
     */
    record Refusal(int status, Object id, Integer code, String message) {

        static Refusal invalid(String why) {
            return new Refusal(400, null, JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request: " + why);
        }

        /** The JSON-RPC error response, or null where the answer has no body. */
        JsonObject body() {
            if (code == null) {
                return null;
            }
            return new JsonObject().put("jsonrpc", "2.0").put("id", id)
                    .put("error", new JsonObject().put("code", code).put("message", message));
        }
    }

    /** Null when {@code body} may go on to the extension, otherwise the answer. */
    static Refusal check(Buffer body) {
        if (body == null || body.length() == 0) {
            return new Refusal(400, null, JsonRpcErrorCodes.PARSE_ERROR, "Parse error: the body is empty; send one "
                    + "JSON-RPC message");
        }
        Object json;
        try {
            json = Json.decodeValue(body);
        } catch (DecodeException | IllegalStateException e) {
            // why: the parser's text quotes the input and names our classes; the client gets the reason only
            return new Refusal(400, null, JsonRpcErrorCodes.PARSE_ERROR, "Parse error: the body is not valid JSON");
        }
        if (json instanceof JsonArray) {
            return Refusal.invalid("the body must be one JSON-RPC message; batches are not supported");
        }
        if (!(json instanceof JsonObject message)) {
            return Refusal.invalid("the body must be a JSON-RPC message object");
        }
        return check(message);
    }

    private static Refusal check(JsonObject message) {
        if (!"2.0".equals(message.getValue("jsonrpc"))) {
            return Refusal.invalid("'jsonrpc' must be \"2.0\"");
        }
        boolean hasId = message.containsKey("id");
        Object id = message.getValue("id");
        if (hasId && !isId(id)) {
            return Refusal.invalid("'id' must be a string or an integer");
        }
        boolean response = message.containsKey("result") || message.containsKey("error");
        if (message.containsKey("method")) {
            if (response) {
                return Refusal.invalid("a message is a request ('method') or a response ('result' or 'error'), "
                        + "not both");
            }
            return request(message, hasId ? id : null);
        }
        if (response) {
            return response(message, hasId);
        }
        return Refusal.invalid("a request needs 'method'; a response 'result' or 'error'");
    }

    private static Refusal response(JsonObject message, boolean hasId) {
        if (!hasId) {
            return Refusal.invalid("a response needs the 'id' of the request it answers");
        }
        if (message.containsKey("result") && message.containsKey("error")) {
            return Refusal.invalid("a response has 'result' or 'error', not both");
        }
        if (message.containsKey("result") && !(message.getValue("result") instanceof JsonObject)) {
            return Refusal.invalid("'result' must be an object");
        }
        if (message.containsKey("error")) {
            if (!(message.getValue("error") instanceof JsonObject error) || !isInteger(error.getValue("code"))
                    || !(error.getValue("message") instanceof String)) {
                return Refusal.invalid("'error' must be an object with an integer 'code' and a string 'message'");
            }
        }
        return null;
    }

    private static Refusal request(JsonObject message, Object id) {
        if (!(message.getValue("method") instanceof String method)) {
            return Refusal.invalid("'method' must be a string");
        }
        Object params = message.getValue("params");
        if (message.containsKey("params") && !(params instanceof JsonObject) && !(params instanceof JsonArray)) {
            // JSON-RPC 2.0, 4.2: params, when present, must be a structured value
            return Refusal.invalid("'params' must be an object");
        }
        boolean notification = id == null;
        if (!SERVED.contains(method)) {
            return notification ? new Refusal(202, null, null, null)
                    : new Refusal(200, id, JsonRpcErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method);
        }
        String problem = params instanceof JsonArray ? "'params' must be an object, not an array"
                : paramsProblem(method, (JsonObject) params);
        if (problem == null) {
            return null;
        }
        return new Refusal(notification ? 400 : 200, id, JsonRpcErrorCodes.INVALID_PARAMS,
                "Invalid params: " + problem);
    }

    /** What is wrong with the params of {@code method} (null if absent), by the MCP schema; null when nothing. */
    private static String paramsProblem(String method, JsonObject params) {
        if (params != null) {
            String meta = metaProblem(params);
            if (meta != null) {
                return meta;
            }
        }
        return switch (method) {
            case "initialize" -> initializeProblem(params);
            case "tools/call" -> {
                if (params == null || !(params.getValue("name") instanceof String)) {
                    yield "'name' (the tool's name, a string) is required";
                }
                Object arguments = params.getValue("arguments");
                yield arguments == null || arguments instanceof JsonObject ? null : "'arguments' must be an object";
            }
            case "tools/list" -> params == null || params.getValue("cursor") == null
                    || params.getValue("cursor") instanceof String ? null : "'cursor' must be a string";
            case "logging/setLevel" -> params != null && params.getValue("level") instanceof String level
                    && LOG_LEVELS.contains(level) ? null : "'level' must be one of " + String.join(", ",
                            LOG_LEVELS.stream().sorted().toList());
            case "notifications/cancelled" -> params != null && isId(params.getValue("requestId"))
                    && (params.getValue("reason") == null || params.getValue("reason") instanceof String) ? null
                    : "'requestId' (a string or an integer) is required and 'reason' must be a string";
            case "notifications/progress" -> params != null && isId(params.getValue("progressToken"))
                    && params.getValue("progress") instanceof Number
                    && (params.getValue("total") == null || params.getValue("total") instanceof Number) ? null
                    : "'progressToken' (a string or an integer) and 'progress' (a number) are required";
            default -> null;
        };
    }

    private static String metaProblem(JsonObject params) {
        Object meta = params.getValue("_meta");
        if (meta == null) {
            return null;
        }
        if (!(meta instanceof JsonObject object)) {
            return "'_meta' must be an object";
        }
        Object token = object.getValue("progressToken");
        return token == null || isId(token) ? null : "'_meta.progressToken' must be a string or an integer";
    }

    private static String initializeProblem(JsonObject params) {
        if (params == null) {
            return "'protocolVersion', 'capabilities' and 'clientInfo' are required";
        }
        if (!(params.getValue("protocolVersion") instanceof String)) {
            return "'protocolVersion' (a string) is required";
        }
        if (!(params.getValue("capabilities") instanceof JsonObject)) {
            return "'capabilities' (an object) is required";
        }
        if (!(params.getValue("clientInfo") instanceof JsonObject client)
                || !(client.getValue("name") instanceof String) || !(client.getValue("version") instanceof String)) {
            return "'clientInfo' (an object with the strings 'name' and 'version') is required";
        }
        for (String text : new String[] {"title", "description", "websiteUrl"}) {
            if (client.getValue(text) != null && !(client.getValue(text) instanceof String)) {
                return "'clientInfo." + text + "' must be a string";
            }
        }
        Object icons = client.getValue("icons");
        if (icons == null) {
            return null;
        }
        if (!(icons instanceof JsonArray list)) {
            return "'clientInfo.icons' must be an array";
        }
        for (Object icon : list) {
            if (!(icon instanceof JsonObject i) || !(i.getValue("src") instanceof String)
                    || i.getValue("sizes") != null && !(i.getValue("sizes") instanceof JsonArray sizes
                            && sizes.stream().allMatch(String.class::isInstance))
                    || i.containsKey("theme") && !("light".equals(i.getValue("theme"))
                            || "dark".equals(i.getValue("theme")))) {
                return "'clientInfo.icons' must hold objects with a string 'src', optional string 'sizes' and a "
                        + "'theme' of light or dark";
            }
        }
        return null;
    }

    /** A JSON-RPC id as MCP allows it: a string or an integer, never null. */
    private static boolean isId(Object value) {
        return value instanceof String || isInteger(value);
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
    }
}
