package io.ddiffusion.worker.comfy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One node of an API-format graph.
 *
 * @param classType the node class ComfyUI runs ({@code class_type})
 * @param title the title ({@code _meta.title}); our templates name the nodes a mapping sets by title, not by id
 * @param inputs input name → a widget value (String, Number, Boolean) or a {@link ComfyLink}, in template order
 */
public record ComfyNode(String classType, String title, Map<String, Object> inputs) {

    public ComfyNode {
        Objects.requireNonNull(classType);
        Objects.requireNonNull(title);
        for (Map.Entry<String, Object> e : inputs.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof ComfyLink)) {
                throw new IllegalArgumentException("input " + e.getKey() + " of " + classType + " is neither a value"
                        + " nor a link: " + v);
            }
        }
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** This node with one input set (added when absent). */
    public ComfyNode with(String input, Object value) {
        var copy = new LinkedHashMap<>(inputs);
        copy.put(input, value);
        return new ComfyNode(classType, title, copy);
    }

    /** This node without an input, e.g. an optional image a mode does not use. */
    public ComfyNode without(String input) {
        var copy = new LinkedHashMap<>(inputs);
        copy.remove(input);
        return new ComfyNode(classType, title, copy);
    }

    /** The value of a widget input, or an error naming the node when it is absent or a link. */
    public Object value(String input) {
        Object v = inputs.get(input);
        if (v == null || v instanceof ComfyLink) {
            throw new IllegalArgumentException(classType + " '" + title + "' has no value for " + input);
        }
        return v;
    }
}
