package io.ddiffusion.worker.models;

/** The build carries no verified pin (commit, size, sha256) for some file of the model, so it is never downloaded. */
public final class ModelNotPinnedException extends ModelWeightsException {

    public ModelNotPinnedException(LocalModel model) {
        super(model.name() + " cannot be downloaded or checked: this build carries neither a verified pin (commit, size"
                + " and sha256) nor a commit for " + unknown(model).size() + " of its " + model.components().size()
                + " files (" + String.join(", ", unknown(model).stream().map(ModelComponent::role).toList())
                + "); './ddiffusion models list' shows what is missing. './ddiffusion models pull " + model.name()
                + " --lock-latest' pins them at the Hub's current commit in this installation's lock file, or a "
                + "maintainer adds pins to the build with './ddiffusion models pin'");
    }

    private static java.util.List<ModelComponent> unknown(LocalModel model) {
        return model.components().stream().filter(c -> !c.isPinned() && !c.lockable(false)).toList();
    }
}
