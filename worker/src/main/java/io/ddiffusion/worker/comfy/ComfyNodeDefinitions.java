package io.ddiffusion.worker.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Node definitions in the shape of ComfyUI's {@code GET /object_info}: per class, {@code input.required} and
 * {@code input.optional} (name → {@code [type, {…}]}, where a combo's type is its list of options, or
 * {@code "COMBO"} with {@code options}) and {@code output} (the output types by index). The tests read a
 * transcribed fixture; a sidecar's own {@code /object_info} parses the same way.
 *
 * @param nodes class type → definition
 */
public record ComfyNodeDefinitions(Map<String, Definition> nodes) {

    /** No definitions: what is known of a sidecar not listed yet. */
    public static final ComfyNodeDefinitions EMPTY = new ComfyNodeDefinitions(Map.of());

    /** The declared type of one input; a combo carries its options when they are a fixed list. */
    public record Input(String type, List<String> options) {

        public Input {
            options = List.copyOf(options);
        }

        /** Whether a widget value fits: INT integral, FLOAT a number, STRING text, BOOLEAN, a combo's options. */
        boolean accepts(Object value) {
            return switch (type) {
                case "INT" -> value instanceof Long || value instanceof Integer;
                case "FLOAT" -> value instanceof Number;
                case "STRING" -> value instanceof String;
                case "BOOLEAN" -> value instanceof Boolean;
                case "COMBO" -> value instanceof String s && (options.isEmpty() || options.contains(s));
                default -> false;
            };
        }
    }

    /** One node class: its inputs and its output types by index. */
    public record Definition(Map<String, Input> required, Map<String, Input> optional, List<String> outputs) {

        public Definition {
            required = Collections.unmodifiableMap(new LinkedHashMap<>(required));
            optional = Collections.unmodifiableMap(new LinkedHashMap<>(optional));
            outputs = List.copyOf(outputs);
        }

        /** The declared input, required or optional. */
        public Optional<Input> input(String name) {
            return Optional.ofNullable(required.getOrDefault(name, optional.get(name)));
        }
    }

    public ComfyNodeDefinitions {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** Parses {@code /object_info}-shaped JSON; keys starting with {@code _} (our fixture's notes) are skipped. */
    public static ComfyNodeDefinitions fromObjectInfo(JsonNode json) {
        Map<String, Definition> nodes = new LinkedHashMap<>();
        json.properties().forEach(e -> {
            if (!e.getKey().startsWith("_")) {
                JsonNode input = e.getValue().path("input");
                List<String> outputs = new ArrayList<>();
                e.getValue().path("output").forEach(o -> outputs.add(o.asText()));
                nodes.put(e.getKey(), new Definition(inputs(input.path("required")), inputs(input.path("optional")),
                        outputs));
            }
        });
        return new ComfyNodeDefinitions(nodes);
    }

    private static Map<String, Input> inputs(JsonNode json) {
        Map<String, Input> inputs = new LinkedHashMap<>();
        json.properties().forEach(e -> {
            JsonNode type = e.getValue().path(0);
            List<String> options = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(o -> options.add(o.asText()));
                inputs.put(e.getKey(), new Input("COMBO", options));
            } else {
                e.getValue().path(1).path("options").forEach(o -> options.add(o.asText()));
                inputs.put(e.getKey(), new Input(type.asText(), options));
            }
        });
        return inputs;
    }

    /** The definition of a class, if known. */
    public Optional<Definition> find(String classType) {
        return Optional.ofNullable(nodes.get(classType));
    }
}
