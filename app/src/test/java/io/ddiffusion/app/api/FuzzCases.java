package io.ddiffusion.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the requests of {@link ApiFuzzTest} from the served OpenAPI document (every path, method, parameter and
 * request body schema) and from the MCP tools' input schemas: a valid-ish value for the schema, then mutations (wrong
 * types, missing and unknown fields, huge numbers, unicode, deep nesting, broken JSON, other content types, bad
 * UUIDs and paths, wrong methods and keys). Everything comes from one {@link Random}, so a case is reproduced by its
 * seed alone.
 */
final class FuzzCases {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH");
    static final List<String> MCP_METHODS = List.of("initialize", "ping", "tools/list", "tools/call", "tools/call",
            "tools/call", "tools/call", "logging/setLevel", "notifications/initialized", "notifications/cancelled",
            "notifications/progress", "prompts/list", "resources/read", "completion/complete", "q/close",
            "sampling/createMessage", "");
    static final List<String> STRINGS = List.of("", " ", "a", "null", "0", "-1", "true", "[]", "{}", "\u0000",
            "\u00e9\u00e8\u00ea", "\ud83d\ude00\ud83d\udd25", "\u202e\u0631\u0633\u0645", "\ud800", "\udfff", "\ufeff",
            "\uffff", "e\u0301\u0301\u0301", "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "%00",
            "%2e%2e%2f", "${jndi:ldap://x}", "\r\nX-Injected: 1", "\\", "\"", "1e309", "NaN", "Infinity",
            "data:image/png;base64,AAAA", "iVBORw0KGgo=", "AAAA", "=====", "not base64!", "flux-1", "sd-xl",
            "gpt-image-1", "FLUX-1", UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000");
    static final List<Object> NUMBERS = List.of(0, -1, 1, 2147483647, -2147483648, 2147483648L, Long.MAX_VALUE,
            Long.MIN_VALUE, new BigInteger("123456789012345678901234567890"), new BigInteger("-9223372036854775809"),
            0.5, -0.0, 1e-7, 1.7976931348623157e308, new BigDecimal("1e400"), new BigDecimal("1.5e-400"), 4097, 65536,
            10_000_001);
    /** A 1×1 PNG, so that some inputs get past the base64 check. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5E"
            + "rkJggg==";

    /** One operation of the document: method, path template, parameters, request body schema (or null). */
    record Operation(String method, String path, List<JsonNode> parameters, JsonNode body) {
    }

    /** A request to send, with a line saying what it is. */
    record Request(String method, String uri, Map<String, String> headers, byte[] body, String what) {
    }

    private final JsonNode document;
    final List<Operation> operations = new ArrayList<>();
    private final Map<String, JsonNode> tools;
    private final String userKey;
    private final String adminKey;

    FuzzCases(JsonNode document, Map<String, JsonNode> tools, String userKey, String adminKey) {
        this.document = document;
        this.tools = tools;
        this.userKey = userKey;
        this.adminKey = adminKey;
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey().toUpperCase())) {
                List<JsonNode> parameters = new ArrayList<>();
                op.getValue().path("parameters").forEach(parameters::add);
                path.getValue().path("parameters").forEach(parameters::add);
                JsonNode body = op.getValue().path("requestBody").path("content").path("application/json")
                        .path("schema");
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), parameters,
                        body.isMissingNode() ? null : body));
            }
        }));
    }

    /** The request of one case: mostly an operation of the document, a quarter JSON-RPC to /mcp. */
    Request next(Random random) {
        return random.nextInt(4) == 0 ? mcp(random) : rest(random, operations.get(random.nextInt(operations.size())));
    }

    // REST

    private Request rest(Random random, Operation op) {
        StringBuilder what = new StringBuilder(op.method() + " " + op.path());
        String method = op.method();
        if (random.nextInt(20) == 0) {
            method = pick(random, METHODS);
            what.append(" as ").append(method);
        }
        String path = op.path();
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : op.parameters()) {
            JsonNode p = resolve(parameter);
            String name = p.path("name").asText();
            String in = p.path("in").asText();
            boolean required = p.path("required").asBoolean(false);
            if (!required && random.nextInt(3) == 0) {
                continue;
            }
            String value = parameterValue(random, p.path("schema"), name);
            if (in.equals("path")) {
                path = path.replace("{" + name + "}", encodePath(value));
            } else if (in.equals("query")) {
                if (random.nextInt(15) != 0) {
                    query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            }
        }
        path = path.replaceAll("\\{[^}]+}", "x");
        if (random.nextInt(25) == 0) {
            query.add(URLEncoder.encode(pick(random, STRINGS), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pick(random, STRINGS), StandardCharsets.UTF_8));
        }
        String uri = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        Map<String, String> headers = new LinkedHashMap<>();
        auth(random, headers, op.path().startsWith("/api/admin"));
        byte[] body = null;
        if (op.body() != null || random.nextInt(10) == 0) {
            JsonNode value = op.body() == null ? NODES.objectNode() : value(random, op.body(), 0);
            body = body(random, value, headers, what);
        }
        if (random.nextInt(15) == 0) {
            headers.put("Accept", pick(random, List.of("text/html", "application/xml", "*/*", "image/png", "")));
        }
        return new Request(method, uri, headers, body, what.toString());
    }

    private String parameterValue(Random random, JsonNode schema, String name) {
        return switch (random.nextInt(6)) {
            case 0 -> pick(random, STRINGS);
            case 1 -> UUID.randomUUID().toString().toUpperCase();
            case 2 -> "x".repeat(random.nextInt(3000));
            case 3 -> String.valueOf(pick(random, NUMBERS));
            default -> {
                JsonNode value = value(random, schema, 0);
                yield value.isTextual() ? value.asText() : value.toString();
            }
        };
    }

    private void auth(Random random, Map<String, String> headers, boolean admin) {
        switch (random.nextInt(12)) {
            case 0 -> {
                // no key
            }
            case 1 -> headers.put("Authorization", "Bearer " + pick(random, STRINGS).replaceAll("[\r\n]", ""));
            case 2 -> headers.put("Authorization", pick(random, List.of("Basic dXNlcjpwYXNz", "Bearer", "bearer "
                    + userKey, "Bearer  " + userKey + " ", "Token " + userKey)));
            case 3 -> headers.put("Authorization", "Bearer " + (admin ? userKey : adminKey));
            default -> headers.put("Authorization", "Bearer " + (admin ? adminKey : userKey));
        }
        if (random.nextInt(10) == 0) {
            headers.put(pick(random, List.of("x-user-id", "x-machine-id")), pick(random, STRINGS)
                    .replaceAll("[\r\n\u0000]", ""));
        }
    }

    // bodies

    private byte[] body(Random random, JsonNode value, Map<String, String> headers, StringBuilder what) {
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            value = mutate(random, value, what);
        }
        String contentType = "application/json";
        if (random.nextInt(12) == 0) {
            contentType = pick(random, List.of("", "text/plain", "application/xml", "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/json; "
                    + "charset=nope", "image/png", "application/octet-stream", "garbage", "application/json, "
                    + "text/plain"));
            what.append(" content-type '").append(contentType).append("'");
        }
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(10) == 0) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            int depth = 500 + random.nextInt(5000);
            String raw = switch (random.nextInt(11)) {
                case 0 -> text.substring(0, random.nextInt(text.length() + 1));
                case 1 -> "";
                case 2 -> "\ufeff" + text;
                case 3 -> text.length() > 2 ? "{\"model\":1," + text.substring(1) : text;
                case 4 -> "{/* comment */" + text.substring(Math.min(1, text.length()));
                case 5 -> text + text;
                case 6 -> "[" + text + "]";
                case 7 -> text.replace("\"", "'");
                case 8 -> "{\"model\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
                case 9 -> text.replace("a", "\\ud800");
                default -> new String(randomBytes(random, random.nextInt(200)), StandardCharsets.ISO_8859_1);
            };
            what.append(" raw body");
            return raw.getBytes(random.nextInt(5) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** One mutation somewhere in {@code value}: the whole value, or a field or element of it at any depth. */
    JsonNode mutate(Random random, JsonNode value, StringBuilder what) {
        if ((value.isObject() || value.isArray()) && value.size() > 0 && random.nextInt(4) != 0) {
            if (value.isObject()) {
                ObjectNode object = (ObjectNode) value;
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = pick(random, names);
                if (random.nextInt(5) == 0) {
                    object.remove(name);
                    what.append(" -").append(name);
                } else {
                    object.set(name, mutate(random, object.get(name), what.append(" .").append(name)));
                }
                if (random.nextInt(8) == 0) {
                    object.set(pick(random, STRINGS), wrongValue(random));
                    what.append(" +unknown field");
                }
                return object;
            }
            ArrayNode array = (ArrayNode) value;
            int index = random.nextInt(array.size());
            array.set(index, mutate(random, array.get(index), what.append(" [").append(index).append(']')));
            return array;
        }
        what.append(" ~");
        return wrongValue(random);
    }

    private JsonNode wrongValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.textNode(pick(random, STRINGS));
            case 1 -> number(pick(random, NUMBERS));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(pick(random, STRINGS)).add(1);
            case 5 -> NODES.objectNode().put(pick(random, STRINGS), pick(random, STRINGS));
            case 6 -> NODES.textNode(unicode(random, 1 + random.nextInt(random.nextInt(10) == 0 ? 60_000 : 200)));
            case 7 -> nested(random, random.nextInt(200));
            default -> NODES.textNode(random.nextBoolean() ? PNG : Base64.getEncoder().encodeToString(
                    randomBytes(random, random.nextInt(3000))));
        };
    }

    private static JsonNode nested(Random random, int depth) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    static JsonNode number(Object n) {
        return switch (n) {
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case BigInteger b -> NODES.numberNode(b);
            case BigDecimal d -> NODES.numberNode(d);
            case Double d -> NODES.numberNode(d);
            default -> NODES.textNode(n.toString());
        };
    }

    // valid-ish values from schemas

    JsonNode value(Random random, JsonNode schema, int depth) {
        return value(random, schema, depth, document);
    }

    private JsonNode value(Random random, JsonNode schema, int depth, JsonNode root) {
        JsonNode s = resolve(schema, root);
        if (depth > 8) {
            return NODES.nullNode();
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (s.has(choice) && s.get(choice).size() > 0) {
                return value(random, s.get(choice).get(random.nextInt(s.get(choice).size())), depth + 1, root);
            }
        }
        if (s.has("allOf") && s.get("allOf").size() > 0) {
            return value(random, s.get("allOf").get(0), depth + 1, root);
        }
        if (s.has("enum") && s.get("enum").size() > 0) {
            return s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        if (s.has("default") && random.nextInt(4) == 0) {
            return s.get("default");
        }
        String type = type(s);
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                List<String> required = new ArrayList<>();
                s.path("required").forEach(r -> required.add(r.asText()));
                for (Map.Entry<String, JsonNode> property : s.path("properties").properties()) {
                    if (required.contains(property.getKey()) || random.nextInt(3) == 0) {
                        object.set(property.getKey(), value(random, property.getValue(), depth + 1, root));
                    }
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int min = s.path("minItems").asInt(0);
                int max = Math.min(s.path("maxItems").asInt(3), min + 3);
                int n = min + random.nextInt(Math.max(1, max - min + 1));
                for (int i = 0; i < n; i++) {
                    array.add(value(random, s.path("items"), depth + 1, root));
                }
                yield array;
            }
            case "integer" -> {
                long min = s.has("minimum") ? s.get("minimum").asLong() : -10;
                long max = s.has("maximum") ? s.get("maximum").asLong() : 1000;
                yield NODES.numberNode(min + (long) (random.nextDouble() * Math.max(0, max - min)));
            }
            case "number" -> {
                double min = s.has("minimum") ? s.get("minimum").asDouble() : -10;
                double max = s.has("maximum") ? s.get("maximum").asDouble() : 1000;
                yield NODES.numberNode(min + random.nextDouble() * Math.max(0, max - min));
            }
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(random, s));
        };
    }

    private String string(Random random, JsonNode s) {
        String format = s.path("format").asText("");
        switch (format) {
            case "uuid":
                return UUID.randomUUID().toString();
            case "date-time":
                return "2026-01-01T00:00:00Z";
            case "byte", "binary", "base64":
                return PNG;
            default:
                break;
        }
        int min = s.path("minLength").asInt(0);
        int max = Math.min(s.path("maxLength").asInt(40), min + 40);
        int length = min + random.nextInt(Math.max(1, max - min + 1));
        return random.nextInt(5) == 0 ? unicode(random, length) : ascii(random, length);
    }

    private static String type(JsonNode s) {
        JsonNode type = s.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return s.has("properties") ? "object" : s.has("items") ? "array" : "string";
    }

    JsonNode resolve(JsonNode schema) {
        return resolve(schema, document);
    }

    private static JsonNode resolve(JsonNode schema, JsonNode root) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            String ref = s.get("$ref").asText();
            s = ref.startsWith("#/") ? root.at(ref.substring(1)) : NODES.objectNode();
        }
        return s == null || s.isMissingNode() ? NODES.objectNode() : s;
    }

    // MCP

    private Request mcp(Random random) {
        StringBuilder what = new StringBuilder("POST /mcp");
        String method = pick(random, MCP_METHODS);
        ObjectNode message = NODES.objectNode().put("jsonrpc", "2.0");
        if (!method.startsWith("notifications/") || random.nextInt(5) == 0) {
            message.set("id", random.nextBoolean() ? NODES.numberNode(random.nextInt(1000))
                    : NODES.textNode(ascii(random, 8)));
        }
        message.put("method", method);
        ObjectNode params = NODES.objectNode();
        switch (method) {
            case "initialize" -> params.put("protocolVersion", pick(random, List.of("2025-06-18", "2025-03-26",
                    "1999-01-01"))).set("capabilities", NODES.objectNode().set("roots", NODES.objectNode()
                            .put("listChanged", true)));
            case "tools/call" -> {
                String tool = pick(random, new ArrayList<>(tools.keySet()));
                params.put("name", random.nextInt(20) == 0 ? tool + "x" : tool);
                params.set("arguments", value(random, tools.get(tool), 0, tools.get(tool)));
            }
            case "logging/setLevel" -> params.put("level", pick(random, List.of("debug", "info", "loud")));
            case "notifications/cancelled" -> params.put("requestId", 1).put("reason", "fuzz");
            case "notifications/progress" -> params.put("progressToken", 1).put("progress", 0.5);
            default -> {
            }
        }
        if (method.equals("initialize")) {
            params.set("clientInfo", NODES.objectNode().put("name", "fuzz").put("version", "1"));
        }
        if (!params.isEmpty() || random.nextBoolean()) {
            message.set("params", params);
        }
        what.append(' ').append(method);
        Map<String, String> headers = new LinkedHashMap<>();
        auth(random, headers, false);
        headers.put("Accept", random.nextInt(20) == 0 ? pick(random, List.of("application/json", "*/*",
                "text/event-stream")) : "application/json, text/event-stream");
        if (random.nextInt(10) == 0) {
            headers.put("Mcp-Session-Id", pick(random, STRINGS).replaceAll("[\r\n\u0000]", ""));
        }
        if (random.nextInt(10) == 0) {
            headers.put("Mcp-Protocol-Version", pick(random, List.of("2025-06-18", "2025-11-25", "x", "")));
        }
        byte[] body = body(random, message, headers, what);
        return new Request("POST", "/mcp", headers, body, what.toString());
    }

    // text

    private static String ascii(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (' ' + random.nextInt(95)));
        }
        return b.toString();
    }

    private static String unicode(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(6);
            b.appendCodePoint(switch (kind) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0x4e00 + random.nextInt(0x5000);
                case 3 -> 0x1f300 + random.nextInt(0x300);
                case 4 -> 0xd800 + random.nextInt(0x800);
                default -> ' ' + random.nextInt(95);
            });
        }
        return b.toString();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
