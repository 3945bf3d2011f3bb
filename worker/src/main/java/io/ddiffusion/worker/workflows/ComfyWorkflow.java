package io.ddiffusion.worker.workflows;

import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.schema.workflows.Patch;
import io.ddiffusion.schema.workflows.WorkflowModel;
import io.ddiffusion.schema.workflows.WorkflowRequest;
import io.ddiffusion.worker.runtime.ModelHandler;
import io.ddiffusion.worker.runtime.TaskCancelledException;
import io.ddiffusion.worker.runtime.TaskContext;
import io.ddiffusion.worker.runtime.TaskHandler;
import io.ddiffusion.worker.runtime.TaskInputs;
import io.ddiffusion.worker.runtime.TaskResult;
import io.ddiffusion.worker.workflows.comfy.ComfyClient;
import io.ddiffusion.worker.workflows.comfy.ComfyException;
import io.ddiffusion.worker.workflows.comfy.ComfyPatches;
import io.ddiffusion.worker.workflows.comfy.ComfyRun;
import io.ddiffusion.worker.workflows.comfy.ComfySidecar;
import io.ddiffusion.worker.workflows.comfy.SharedFolders;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code comfy-workflow}: a user's ComfyUI API-format workflow on the sidecar. Before anything reaches ComfyUI the
 * operator's node lists are checked again (the API checked them with its own settings) and every node class must be
 * installed there; then patches are applied, LoadImage/LoadVideo inputs uploaded into a per-task subfolder, and
 * the prompt run by {@link ComfyRun}.
 */
public final class ComfyWorkflow implements ModelHandler, TaskHandler<WorkflowRequest> {
    private final ComfySidecar sidecar;
    private final ComfyRun.Timing timing;

    public ComfyWorkflow(ComfySidecar sidecar) {
        this(sidecar, ComfyRun.Timing.defaults());
    }

    /** With the run's waits shortened (tests). */
    public ComfyWorkflow(ComfySidecar sidecar, ComfyRun.Timing timing) {
        this.sidecar = sidecar;
        this.timing = timing;
    }

    @Override
    public WorkflowModel model() {
        return WorkflowModel.COMFY_WORKFLOW;
    }

    @Override
    public TaskHandler<?> taskHandler() {
        return this;
    }

    @Override
    public Class<WorkflowRequest> requestType() {
        return WorkflowRequest.class;
    }

    @Override
    public TaskResult run(TaskContext<WorkflowRequest> ctx) throws Exception {
        WorkflowRequest request = ctx.request();
        List<String> refused = sidecar.settings().refusedNodes(request.workflow());
        if (!refused.isEmpty()) {
            throw new ComfyException("the workflow is refused on this worker: " + String.join("; ", refused));
        }
        ComfyClient client = sidecar.ready();
        if (!missing(request, sidecar.nodeClasses()).isEmpty()) {
            checkInstalled(request, sidecar.recheckNodes()); // why: installed since the last listing, perhaps
        }
        ComfySettings settings = sidecar.settings();
        ComfyRun run = new ComfyRun(client, ctx, ComfyPatches.nodeNames(request.workflow()),
                settings.maxOutputBytes(), new SharedFolders(settings.inputDir(), settings.outputDir()), timing);
        return TaskResult.files(run.run(() -> ComfyPatches.apply(request.workflow(), request.patches(),
                (i, p) -> upload(client, ctx, run.inputFolder(), i, p))));
    }

    /** Every node class of the workflow must exist on the sidecar; ComfyUI's own refusal would say less. */
    static void checkInstalled(WorkflowRequest request, Set<String> installed) {
        Map<String, Set<String>> missing = missing(request, installed);
        if (!missing.isEmpty()) {
            throw new ComfyException("the ComfyUI sidecar has no node class " + String.join(", ", missing.entrySet()
                    .stream().map(e -> e.getKey() + " (nodes " + String.join(", ", e.getValue()) + ")").toList())
                    + ": install the custom nodes on the sidecar or change the workflow");
        }
    }

    /** The workflow's node classes the sidecar lacks, with their nodes; none while the classes are not known. */
    private static Map<String, Set<String>> missing(WorkflowRequest request, Set<String> installed) {
        Map<String, Set<String>> missing = new TreeMap<>();
        if (installed.isEmpty()) {
            return missing; // why: not listed yet; ComfyUI refuses unknown classes itself
        }
        request.workflow().forEach((id, node) -> {
            if (node != null && node.get("class_type") instanceof String type && !installed.contains(type)) {
                missing.computeIfAbsent(type, k -> new TreeSet<>()).add(id);
            }
        });
        return missing;
    }

    private static String upload(ComfyClient client, TaskContext<WorkflowRequest> ctx, String subfolder, int index,
            Patch patch) throws IOException, TaskCancelledException {
        String field = "patches[" + index + "].value";
        TaskInputs.Input input = ctx.inputs().get(field).orElseThrow(() -> new ComfyException("patch '"
                + patch.title() + "': its file is not in storage"));
        String safeTitle = patch.title().replaceAll("[^A-Za-z0-9_-]+", "_");
        String name = "patch" + index + "-" + safeTitle + "." + input.extension();
        String value = client.upload(input.bytes(), name, subfolder, ctx.cancellation());
        ctx.log("Uploaded " + patch.classType() + " input '" + patch.title() + "' to ComfyUI as " + value);
        return value;
    }
}
