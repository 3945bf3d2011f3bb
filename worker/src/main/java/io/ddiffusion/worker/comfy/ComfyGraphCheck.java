package io.ddiffusion.worker.comfy;

import io.ddiffusion.worker.comfy.ComfyNodeDefinitions.Definition;
import io.ddiffusion.worker.comfy.ComfyNodeDefinitions.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a graph against node definitions the way ComfyUI's validation would reject it, before it reaches a sidecar:
 * every class known, every required input present, no unknown input, widget values of the declared type (and among
 * a combo's fixed options), every link to an existing node's existing output of the type the input takes.
 */
public final class ComfyGraphCheck {

    private ComfyGraphCheck() {
    }

    /** Every problem found, one line each naming the node; empty when the graph fits the definitions. */
    public static List<String> problems(ComfyGraph graph, ComfyNodeDefinitions definitions) {
        return problems(graph, definitions, Set.of());
    }

    /**
     * Where graphs built only to be checked name their uploaded inputs. why: a live sidecar lists the files of its
     * input folder as {@code LoadImage}'s options, so such a name is never among them, nor need it be.
     */
    public static final String PLACEHOLDER_UPLOAD = "placeholder-upload/";

    /**
     * Like {@link #problems(ComfyGraph, ComfyNodeDefinitions)}, for a live sidecar's definitions: these values, and
     * {@linkplain #PLACEHOLDER_UPLOAD placeholder uploads}, are not looked up among a combo's options, because the
     * sidecar fills those options from its folders (the model files its loaders list are checked on their own).
     */
    public static List<String> problems(ComfyGraph graph, ComfyNodeDefinitions definitions, Set<String> files) {
        List<String> problems = new ArrayList<>();
        graph.nodes().forEach((id, node) -> {
            String where = "node " + id + " (" + node.classType() + " '" + node.title() + "')";
            Optional<Definition> found = definitions.find(node.classType());
            if (found.isEmpty()) {
                problems.add(where + ": unknown class_type");
                return;
            }
            Definition def = found.get();
            def.required().keySet().stream().filter(name -> !node.inputs().containsKey(name))
                    .forEach(name -> problems.add(where + ": required input " + name + " missing"));
            for (Map.Entry<String, Object> in : node.inputs().entrySet()) {
                Optional<Input> declared = def.input(in.getKey());
                if (declared.isEmpty()) {
                    problems.add(where + ": unknown input " + in.getKey());
                } else if (in.getValue() instanceof ComfyLink link) {
                    checkLink(graph, definitions, where, in.getKey(), declared.get(), link).ifPresent(problems::add);
                } else if (!declared.get().accepts(in.getValue()) && !listedByTheSidecar(in.getValue(), files)) {
                    problems.add(where + ": input " + in.getKey() + " = " + in.getValue() + " is not a valid "
                            + declared.get().type() + (declared.get().options().isEmpty() ? ""
                            : " of " + declared.get().options()));
                }
            }
        });
        return problems;
    }

    /** As ComfyUI validates a link: the same type, either side {@code *}, or one of an input's comma-listed types. */
    private static boolean fits(String output, String input) {
        return output.equals(input) || output.equals("*") || input.equals("*")
                || java.util.Arrays.asList(input.split(",")).contains(output);
    }

    private static boolean listedByTheSidecar(Object value, Set<String> files) {
        return value instanceof String s && (files.contains(s) || s.startsWith(PLACEHOLDER_UPLOAD));
    }

    private static Optional<String> checkLink(ComfyGraph graph, ComfyNodeDefinitions definitions, String where,
            String input, Input declared, ComfyLink link) {
        String prefix = where + ": input " + input + " links to " + link.node() + "[" + link.output() + "]";
        if (!graph.nodes().containsKey(link.node())) {
            return Optional.of(prefix + ", a node the graph lacks");
        }
        Optional<Definition> source = definitions.find(graph.node(link.node()).classType());
        if (source.isEmpty()) {
            return Optional.empty(); // reported on the source node itself
        }
        List<String> outputs = source.get().outputs();
        if (link.output() >= outputs.size()) {
            return Optional.of(prefix + ", but that node has " + outputs.size() + " outputs");
        }
        String type = outputs.get(link.output());
        if (!fits(type, declared.type())) {
            return Optional.of(prefix + " of type " + type + ", but the input takes " + declared.type());
        }
        return Optional.empty();
    }
}
