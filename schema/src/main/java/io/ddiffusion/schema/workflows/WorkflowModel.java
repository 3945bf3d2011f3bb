package io.ddiffusion.schema.workflows;

import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Provider;
import io.ddiffusion.schema.common.Queue;

/** Workflows have one "model": the ComfyUI sidecar, on its own queue. */
public enum WorkflowModel implements ModelSpec {
    COMFY_WORKFLOW;

    @Override
    public String id() {
        return "comfy-workflow";
    }

    @Override
    public Provider provider() {
        return Provider.LOCAL;
    }

    @Override
    public String description() {
        return "A user-supplied ComfyUI API-format workflow, run on the ComfyUI sidecar.";
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
