package io.ddiffusion.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ComfyUI sidecar and what workflows may use on it. The API reads the node lists to refuse a workflow at submit;
 * the workers read the same variables and check again before anything reaches the sidecar, since custom nodes can
 * run arbitrary code and an API machine may be configured differently.
 *
 * @param apiUrl {@code COMFY_API_URL} (the original's name): the sidecar's base URL, e.g. http://127.0.0.1:8188
 * @param allowedNodes {@code DDIFFUSION_COMFY_ALLOWED_NODES}: when set, the only node classes a workflow may use
 * @param deniedNodes {@code DDIFFUSION_COMFY_DENIED_NODES}: node classes no workflow may use
 * @param maxOutputBytes {@code DDIFFUSION_COMFY_MAX_OUTPUT_MB} in bytes: the largest output file a worker fetches
 * @param inputDir {@code DDIFFUSION_COMFY_INPUT_DIR}: ComfyUI's input folder as the worker sees it (a shared
 *     volume), so a task's uploads are deleted when it ends; unset, they stay on the sidecar
 * @param outputDir {@code DDIFFUSION_COMFY_OUTPUT_DIR}: ComfyUI's output folder as the worker sees it, so a task's
 *     output files are deleted once stored; unset, they stay on the sidecar
 * @param modelsDir {@code DDIFFUSION_COMFY_MODELS_DIR}: ComfyUI's models folder as the machine running
 *     {@code ./ddiffusion models pull|verify} sees it; the pinned models' files are linked there from the Hugging
 *     Face cache, so ComfyUI loads them by the names our graphs use
 */
public record ComfySettings(Optional<String> apiUrl, Set<String> allowedNodes, Set<String> deniedNodes,
        long maxOutputBytes, Optional<Path> inputDir, Optional<Path> outputDir, Optional<Path> modelsDir) {
    public static final String ALLOWED_NODES = "DDIFFUSION_COMFY_ALLOWED_NODES";
    public static final String DENIED_NODES = "DDIFFUSION_COMFY_DENIED_NODES";
    public static final String MODELS_DIR = "DDIFFUSION_COMFY_MODELS_DIR";

    public ComfySettings {
        allowedNodes = Set.copyOf(allowedNodes);
        deniedNodes = Set.copyOf(deniedNodes);
    }

    public static ComfySettings from(Env env) {
        return new ComfySettings(env.optional("COMFY_API_URL"), classes(env, ALLOWED_NODES),
                classes(env, DENIED_NODES), env.integer("DDIFFUSION_COMFY_MAX_OUTPUT_MB", 4096, 1) * 1024L * 1024L,
                env.optional("DDIFFUSION_COMFY_INPUT_DIR").map(Path::of),
                env.optional("DDIFFUSION_COMFY_OUTPUT_DIR").map(Path::of),
                env.optional(MODELS_DIR).map(Path::of));
    }

    /** Comma-separated node class names; case kept, since ComfyUI's class names are case-sensitive. */
    private static Set<String> classes(Env env, String name) {
        return env.optional(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet())).orElse(Set.of());
    }

    /**
     * Why the operator's node lists refuse {@code workflow} (API format: node id → node), one message per refused
     * class naming its nodes; empty when they allow it.
     */
    public List<String> refusedNodes(Map<String, ? extends Map<String, ?>> workflow) {
        List<String> refused = new ArrayList<>();
        if (workflow == null || allowedNodes.isEmpty() && deniedNodes.isEmpty()) {
            return refused;
        }
        Map<String, Set<String>> byClass = new java.util.TreeMap<>();
        workflow.forEach((id, node) -> {
            Object type = node == null ? null : node.get("class_type");
            if (type instanceof String t) {
                byClass.computeIfAbsent(t, k -> new TreeSet<>(ComfySettings::byNumber)).add(id);
            }
        });
        byClass.forEach((type, ids) -> {
            if (deniedNodes.contains(type)) {
                refused.add("node class " + type + " (nodes " + String.join(", ", ids) + ") is denied on this "
                        + "installation (" + DENIED_NODES + ")");
            } else if (!allowedNodes.isEmpty() && !allowedNodes.contains(type)) {
                refused.add("node class " + type + " (nodes " + String.join(", ", ids) + ") is not allowed on this "
                        + "installation (" + ALLOWED_NODES + " lists " + allowedNodes.size() + " classes)");
            }
        });
        return refused;
    }

    /** Node ids are usually numbers (sometimes "92:60" in subgraphs): numeric order where possible. */
    private static int byNumber(String a, String b) {
        boolean numA = a.matches("\\d{1,18}");
        boolean numB = b.matches("\\d{1,18}");
        if (numA && numB) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return numA != numB ? (numA ? -1 : 1) : a.compareTo(b);
    }
}
