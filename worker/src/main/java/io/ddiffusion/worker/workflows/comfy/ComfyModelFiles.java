package io.ddiffusion.worker.workflows.comfy;

import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.worker.comfy.ComfyModel;
import io.ddiffusion.worker.models.ModelWeights;
import io.ddiffusion.worker.runtime.Prerequisite;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The weight files of the local models that run as pinned ComfyUI workflows, as a prerequisite: a model is available
 * only when every file is pinned in this build and in the Hugging Face cache. why: tasks never download these
 * (tens of GB, and ComfyUI only sees them once {@code ./ddiffusion models pull} has linked them into its models
 * folder), so a missing file is reported with the pull command instead of failing deep inside ComfyUI.
 */
public final class ComfyModelFiles implements Prerequisite {
    static final String DOCS = "worker/docs/comfy-models.md";

    private final ModelWeights weights;
    private final Map<String, ComfyModel> models;

    public ComfyModelFiles(ModelWeights weights, List<ComfyModel> models) {
        this.weights = weights;
        this.models = models.stream().collect(Collectors.toUnmodifiableMap(ComfyModel::name, Function.identity()));
    }

    @Override
    public Optional<String> unmetFor(ModelSpec model) {
        ComfyModel files = models.get(model.id());
        if (files == null) {
            return Optional.of("no pinned ComfyUI workflow for " + model.id() + " in this build");
        }
        return weights.unavailableUntilPulled(files.localModel(), model.queue(), DOCS);
    }
}
