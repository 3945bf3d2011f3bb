package io.ddiffusion.worker.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A ComfyUI graph in API format (what {@code POST /prompt} takes as {@code prompt}): node id → node. Immutable; the
 * setters return a new graph. Mappings address nodes by their unique title so a template's ids can change freely.
 *
 * @param nodes node id → node, in template order
 */
public record ComfyGraph(Map<String, ComfyNode> nodes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ComfyGraph {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** Parses an API-format graph; links are arrays {@code [id, index]}, everything else must be a scalar. */
    public static ComfyGraph fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("an API-format graph is a JSON object of nodes");
        }
        Map<String, ComfyNode> nodes = new LinkedHashMap<>();
        json.properties().forEach(e -> nodes.put(e.getKey(), node(e.getKey(), e.getValue())));
        return new ComfyGraph(nodes);
    }

    /** Parses an API-format graph from its JSON text. */
    public static ComfyGraph parse(String json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ComfyNode node(String id, JsonNode json) {
        String classType = json.path("class_type").asText("");
        if (classType.isEmpty()) {
            throw new IllegalArgumentException("node " + id + " has no class_type");
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        json.path("inputs").properties().forEach(e -> inputs.put(e.getKey(), value(id, e.getKey(), e.getValue())));
        return new ComfyNode(classType, json.path("_meta").path("title").asText(classType), inputs);
    }

    private static Object value(String id, String input, JsonNode v) {
        if (v.isArray() && v.size() == 2 && v.get(0).isTextual() && v.get(1).canConvertToInt()) {
            return new ComfyLink(v.get(0).asText(), v.get(1).asInt());
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        throw new IllegalArgumentException("input " + input + " of node " + id + " is neither a scalar nor a link");
    }

    /** The node with this id. */
    public ComfyNode node(String id) {
        ComfyNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("the graph has no node " + id);
        }
        return n;
    }

    /** The id of the one node with this title; a template with none or two is a programming error. */
    public String idOf(String title) {
        List<String> ids = nodes.entrySet().stream().filter(e -> e.getValue().title().equals(title))
                .map(Map.Entry::getKey).toList();
        if (ids.size() != 1) {
            throw new IllegalArgumentException("the graph has " + ids.size() + " nodes titled '" + title + "'");
        }
        return ids.getFirst();
    }

    /** The node with this title. */
    public ComfyNode titled(String title) {
        return node(idOf(title));
    }

    /** This graph with one input of the node titled {@code title} set. */
    public ComfyGraph set(String title, String input, Object value) {
        String id = idOf(title);
        var copy = new LinkedHashMap<>(nodes);
        copy.put(id, nodes.get(id).with(input, value));
        return new ComfyGraph(copy);
    }

    /** This graph with one input of the node titled {@code title} removed. */
    public ComfyGraph unset(String title, String input) {
        String id = idOf(title);
        var copy = new LinkedHashMap<>(nodes);
        copy.put(id, nodes.get(id).without(input));
        return new ComfyGraph(copy);
    }

    /** This graph with a node added under a new id (e.g. one per reference image). */
    public ComfyGraph with(String id, ComfyNode node) {
        if (nodes.containsKey(id)) {
            throw new IllegalArgumentException("the graph already has a node " + id);
        }
        var copy = new LinkedHashMap<>(nodes);
        copy.put(id, node);
        return new ComfyGraph(copy);
    }

    /**
     * This graph without the node titled {@code title}, e.g. an optional input a job does not have; the inputs that
     * link to it must be unset first, so no link is left dangling.
     */
    public ComfyGraph without(String title) {
        String id = idOf(title);
        nodes.forEach((other, n) -> n.inputs().forEach((input, v) -> {
            if (v instanceof ComfyLink l && l.node().equals(id)) {
                throw new IllegalArgumentException("input " + input + " of '" + n.title() + "' still links to '"
                        + title + "'");
            }
        }));
        var copy = new LinkedHashMap<>(nodes);
        copy.remove(id);
        return new ComfyGraph(copy);
    }

    /** The API-format JSON, with titles in {@code _meta.title} (ComfyUI ignores them; logs and patches read them). */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        nodes.forEach((id, n) -> {
            ObjectNode node = root.putObject(id);
            ObjectNode inputs = node.putObject("inputs");
            n.inputs().forEach((name, v) -> {
                switch (v) {
                    case ComfyLink l -> {
                        ArrayNode a = inputs.putArray(name);
                        a.add(l.node());
                        a.add(l.output());
                    }
                    case String s -> inputs.put(name, s);
                    case Boolean b -> inputs.put(name, b);
                    case Long l -> inputs.put(name, l);
                    case Integer i -> inputs.put(name, i);
                    case Number d -> inputs.put(name, d.doubleValue());
                    default -> throw new IllegalStateException("unexpected input " + v);
                }
            });
            node.put("class_type", n.classType());
            node.putObject("_meta").put("title", n.title());
        });
        return root;
    }

    /** The value of one widget input of the node titled {@code title} (for tests and logs). */
    public Object value(String title, String input) {
        return Objects.requireNonNull(titled(title).value(input));
    }
}
