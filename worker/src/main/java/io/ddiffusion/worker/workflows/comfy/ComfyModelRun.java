package io.ddiffusion.worker.workflows.comfy;

import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.worker.comfy.ComfyGraph;
import io.ddiffusion.worker.runtime.GpuEngine;
import io.ddiffusion.worker.runtime.Prerequisite;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What every local model run as a pinned ComfyUI workflow shares: its handler hands over the task's inputs (already
 * decoded and cropped) and the pure function from uploaded names to graph; this checks the weights and the sidecar,
 * uploads the inputs into the task's input folder, and runs the graph with {@link ComfyRun} (prompt id
 * checkpointed, progress, cancellation, takeover, every output stored). As a prerequisite it is the sidecar and the
 * model's files together, so a handler built with it is reported unavailable when either is missing. As a
 * {@link GpuEngine} it is the sidecar.
 */
public final class ComfyModelRun implements Prerequisite, GpuEngine {

    /**
     * One input to upload.
     *
     * @param field the task's input field ({@code image}, {@code mask}, {@code references[0]}, {@code last_image}…),
     *     the key the graph function finds its uploaded name under
     * @param bytes the encoded file
     * @param extension its file extension, without the dot
     */
    public record Upload(String field, byte[] bytes, String extension) {
        /** A name unique within the task's input folder, which holds only this task's uploads. */
        String fileName() {
            return field.replaceAll("[^A-Za-z0-9_-]+", "_") + "." + extension;
        }
    }

    private final ComfySidecar sidecar;
    private final ComfyModelFiles files;
    private final ComfyRun.Timing timing;

    public ComfyModelRun(ComfySidecar sidecar, ComfyModelFiles files) {
        this(sidecar, files, ComfyRun.Timing.defaults());
    }

    /** With the run's waits shortened (tests). */
    public ComfyModelRun(ComfySidecar sidecar, ComfyModelFiles files, ComfyRun.Timing timing) {
        this.sidecar = sidecar;
        this.files = files;
        this.timing = timing;
    }

    /** The sidecar's problem (unset, unreachable, too old, lacking the model's nodes) and the files', together. */
    @Override
    public Optional<String> unmetFor(ModelSpec model) {
        List<String> unmet = Stream.of(sidecar.unmetFor(model), files.unmetFor(model)).flatMap(Optional::stream)
                .toList();
        return unmet.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", unmet));
    }

    @Override
    public Kind gpuEngineKind() {
        return sidecar.gpuEngineKind();
    }

    @Override
    public boolean usesGpu() {
        return sidecar.usesGpu();
    }

    @Override
    public void freeGpu(Consumer<String> log) {
        sidecar.freeGpu(log);
    }

    /**
     * Runs a task of {@code model}; returns the storage keys of its outputs.
     *
     * @param graph builds the graph from the uploaded names by input field; refuses (IllegalArgumentException) a
     *     mode the registry does not allow the model, which is asked before anything is uploaded
     */
    public List<String> run(ModelSpec model, TaskContext<?> task, List<Upload> uploads,
            Function<Map<String, String>, ComfyGraph> graph) throws IOException, TaskCancelledException {
        Map<String, String> planned = new LinkedHashMap<>();
        uploads.forEach(u -> planned.put(u.field(), u.fileName()));
        ComfyGraph preview = graph.apply(planned); // why: a refused mode fails here, before the sidecar is touched
        files.unmetFor(model).ifPresent(why -> {
            throw new ComfyException(model.id() + " cannot run on this worker: " + why);
        });
        ComfyClient client = sidecar.ready();
        if (sidecar.unmetFor(model).isPresent()) {
            sidecar.recheckNodes(); // why: nodes installed or files pulled since the last listing, perhaps
            sidecar.unmetFor(model).ifPresent(why -> {
                throw new ComfyException(why);
            });
        }
        ComfySettings settings = sidecar.settings();
        ComfyRun run = new ComfyRun(client, task, nodeNames(preview), settings.maxOutputBytes(),
                new SharedFolders(settings.inputDir(), settings.outputDir()), timing);
        task.log("Running " + model.id() + " as a pinned ComfyUI workflow of " + preview.nodes().size() + " nodes");
        return run.run(() -> {
            Map<String, String> uploaded = new LinkedHashMap<>();
            for (Upload u : uploads) {
                String name = client.upload(u.bytes(), u.fileName(), run.inputFolder(), task.cancellation());
                task.log("Uploaded input '" + u.field() + "' to ComfyUI as " + name);
                uploaded.put(u.field(), name);
            }
            return graph.apply(uploaded).toJson();
        });
    }

    /** How logs name each node: {@code node 3 'sampler' (KSampler)}, as for user workflows. */
    private static Map<String, String> nodeNames(ComfyGraph graph) {
        Map<String, String> names = new LinkedHashMap<>();
        graph.nodes().forEach((id, n) -> names.put(id, "node " + id + " " + (n.title().equals(n.classType())
                ? "(" + n.classType() + ")"
                : "'" + n.title() + "' (" + n.classType() + ")")));
        return names;
    }
}
