package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.schema.workflows.Patch;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a request's patches to a copy of its workflow, as the original: the node whose {@code _meta.title} is the
 * patch's title gets {@code inputs.value} (primitives), {@code inputs.image} (LoadImage) or {@code inputs.file}
 * (LoadVideo), the last two set to the uploaded file's {@code subfolder/name}. The API checked titles, classes and
 * values; a graph that breaks them anyway fails here, never silently.
 */
public final class ComfyPatches {
    /** Uploads the file of patch {@code index} and returns what the Load node takes. */
    @FunctionalInterface
    public interface Uploader {
        String upload(int index, Patch patch) throws IOException, TaskCancelledException;
    }

    private ComfyPatches() {
    }

    public static ObjectNode apply(Map<String, Map<String, Object>> workflow, List<Patch> patches, Uploader uploader)
            throws IOException, TaskCancelledException {
        ObjectNode graph = Json.MAPPER.valueToTree(workflow);
        for (int i = 0; i < patches.size(); i++) {
            Patch p = patches.get(i);
            ObjectNode node = node(graph, p);
            if (!(node.get("inputs") instanceof ObjectNode inputs)) {
                throw new ComfyException("patch '" + p.title() + "': its node has no inputs object");
            }
            switch (p.classType()) {
                case LoadImage -> inputs.put("image", uploader.upload(i, p));
                case LoadVideo -> inputs.put("file", uploader.upload(i, p));
                default -> inputs.set("value", Json.MAPPER.valueToTree(p.value()));
            }
        }
        return graph;
    }

    private static ObjectNode node(ObjectNode graph, Patch p) {
        List<String> ids = new ArrayList<>();
        graph.properties().forEach(e -> {
            if (e.getValue().path("_meta").path("title").asText(null) instanceof String t && t.equals(p.title())) {
                ids.add(e.getKey());
            }
        });
        if (ids.size() != 1) {
            throw new ComfyException("patch '" + p.title() + "': " + ids.size() + " nodes have this title");
        }
        JsonNode node = graph.get(ids.getFirst());
        if (!node.path("class_type").asText().equals(p.classType().name())) {
            throw new ComfyException("patch '" + p.title() + "': node " + ids.getFirst() + " is "
                    + node.path("class_type").asText() + ", not " + p.classType());
        }
        return (ObjectNode) node;
    }

    /** How logs name each node: "title (class)", or the class alone. */
    public static Map<String, String> nodeNames(Map<String, Map<String, Object>> workflow) {
        Map<String, String> names = new java.util.HashMap<>();
        workflow.forEach((id, node) -> {
            Object type = node == null ? null : node.get("class_type");
            Object title = node != null && node.get("_meta") instanceof Map<?, ?> meta ? meta.get("title") : null;
            names.put(id, "node " + id + " " + (title instanceof String t && !t.equals(type) ? "'" + t + "' (" + type
                    + ")" : "(" + type + ")"));
        });
        return names;
    }
}
