package io.ddiffusion.worker.comfy;

import io.ddiffusion.worker.models.LocalModel;
import java.util.List;
import java.util.Objects;

/**
 * A local model run as pinned ComfyUI workflows: its API name and the weight files its workflows load. Its
 * {@link #localModel()} is what {@code ./ddiffusion models list|pull|verify} work with.
 *
 * @param name the API model id, e.g. {@code flux-1}
 * @param description one line on the files chosen
 * @param files every file any of its workflows loads
 */
public record ComfyModel(String name, String description, List<ComfyModelFile> files) {

    public ComfyModel {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        files = List.copyOf(files);
    }

    /** The manifest: one component per file, pinned or saying what is missing. */
    public LocalModel localModel() {
        return new LocalModel(name, description, files.stream().map(ComfyModelFile::component).toList());
    }

    /** Whether some file of the model has this name in this folder (the check a workflow's loaders must pass). */
    public boolean has(ComfyFolder folder, String fileName) {
        return files.stream().anyMatch(f -> f.folder() == folder && f.fileName().equals(fileName));
    }
}
