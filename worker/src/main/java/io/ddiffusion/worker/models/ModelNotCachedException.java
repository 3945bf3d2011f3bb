package io.ddiffusion.worker.models;

import java.nio.file.Path;
import java.util.List;

/** Files of the model are not cached and this process may not download them (offline, or downloads turned off). */
public final class ModelNotCachedException extends ModelWeightsException {

    public ModelNotCachedException(LocalModel model, List<ModelComponent> missing, Path cache, String why) {
        super("the weights of " + model.name() + " are not in the Hugging Face cache " + cache + " (missing: "
                + String.join(", ", missing.stream().map(ModelComponent::role).toList()) + ") and " + why
                + ": run './ddiffusion models pull " + model.name() + "' where the Hub or its mirror (HF_ENDPOINT)"
                + " is reachable, or copy a cache that has them");
    }
}
