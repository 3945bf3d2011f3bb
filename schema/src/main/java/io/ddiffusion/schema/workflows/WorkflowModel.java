package io.ddiffusion.schema.workflows;

import io.ddiffusion.schema.common.ModelEntry;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Queue;

/** Workflows have one "model": the ComfyUI sidecar, on its own queue. */
public enum WorkflowModel implements ModelSpec {
    COMFY_WORKFLOW(ModelEntry.local("comfy-workflow",
            "A user-supplied ComfyUI API-format workflow, run on the ComfyUI sidecar."));

    private final ModelEntry entry;

    WorkflowModel(ModelEntry entry) {
        this.entry = entry;
    }

    @Override
    public ModelEntry entry() {
        return entry;
    }

    @Override
    public String domain() {
        return "workflows";
    }

    @Override
    public Queue queue() {
        return Queue.COMFY;
    }
}
