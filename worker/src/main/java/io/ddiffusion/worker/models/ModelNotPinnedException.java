package io.ddiffusion.worker.models;

/** The build carries no verified pin (commit, size, sha256) for some file of the model, so it is never downloaded. */
public final class ModelNotPinnedException extends ModelWeightsException {

    public ModelNotPinnedException(LocalModel model) {
        super(model.name() + " cannot be downloaded or checked: this build carries no verified pin (commit, size and"
                + " sha256) for " + model.unpinned().size() + " of its " + model.components().size() + " files ("
                + String.join(", ", model.unpinned().stream().map(ModelComponent::role).toList())
                + "); './ddiffusion models list' shows what is missing, and './ddiffusion models pin' prints a pin from"
                + " the Hub for a maintainer to add");
    }
}
