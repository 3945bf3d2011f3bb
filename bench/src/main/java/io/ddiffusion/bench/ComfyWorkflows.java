package io.ddiffusion.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow requests scenario i submits: a titled seed, a sampler and a save node ({@value #SAVE_NODE}), and for
 * the upload phase a LoadImage node whose image comes in a patch, as a studio client sends them.
 */
final class ComfyWorkflows {
    static final String PATH = "/api/workflows";
    /** The SaveImage node, whose output the EXR phase replaces. */
    static final String SAVE_NODE = "9";

    private ComfyWorkflows() {
    }

    /** Seed {@code seed} patched into the graph; no input file. */
    static byte[] plain(int seed) throws JsonProcessingException {
        return body(seed, null);
    }

    /** As {@link #plain}, with {@code png} uploaded through a LoadImage patch (base64 in the JSON). */
    static byte[] withImage(int seed, byte[] png) throws JsonProcessingException {
        return body(seed, png);
    }

    private static byte[] body(int seed, byte[] png) throws JsonProcessingException {
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("3", node("PrimitiveInt", "seed", Map.of("value", 0)));
        if (png != null) {
            graph.put("4", node("LoadImage", "plate", Map.of("image", "example.png")));
        }
        graph.put("5", node("KSampler", "KSampler", Map.of("seed", List.of("3", 0), "steps", 20)));
        graph.put(SAVE_NODE, node("SaveImage", "Save Image", Map.of("images", List.of("5", 0), "filename_prefix",
                "dd")));
        List<Map<String, Object>> patches = new ArrayList<>();
        patches.add(Map.of("title", "seed", "class_type", "PrimitiveInt", "value", seed));
        if (png != null) {
            patches.add(Map.of("title", "plate", "class_type", "LoadImage", "value", Base64.getEncoder()
                    .encodeToString(png)));
        }
        return Api.JSON.writeValueAsBytes(Map.of("workflow", graph, "patches", patches));
    }

    private static Map<String, Object> node(String type, String title, Map<String, Object> inputs) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("class_type", type);
        n.put("inputs", inputs);
        n.put("_meta", Map.of("title", title));
        return n;
    }
}
