package io.ddiffusion.worker.comfy;

import io.ddiffusion.worker.models.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a pulled model's files visible to ComfyUI: a symbolic link {@code <models>/<folder>/<file name>} to each
 * cached file, where ComfyUI's loaders look for the names our graphs use. why links in its models folder rather
 * than a generated {@code extra_model_paths.yaml}: ComfyUI reads that file only at start, but lists its folders
 * again when they change, so a model pulled while ComfyUI runs is usable at once; and the Hub cache's snapshot
 * folders keep the repositories' subfolders, which the YAML would have to name one by one.
 */
public final class ComfyModelLinks {

    /** What happened to one file. */
    public record Result(ComfyModelFile file, Path link, Outcome outcome) {
        /** One line for the command's output. */
        public String describe() {
            return switch (outcome) {
                case LINKED -> "linked " + link;
                case UNCHANGED -> "already linked " + link;
                case KEPT_OTHER_FILE -> "kept " + link + ": a file that is not our link is there (ComfyUI loads it"
                        + " instead; remove it to use the pinned one)";
                case NOT_CACHED -> "not linked " + link + ": " + file.fileName() + " is not in the cache";
            };
        }
    }

    /** How a file was handled. */
    public enum Outcome { LINKED, UNCHANGED, KEPT_OTHER_FILE, NOT_CACHED }

    private ComfyModelLinks() {
    }

    /**
     * Links every cached file of {@code model} (pinned by the build or the weights' lock file) into {@code modelsDir},
     * replacing stale links of ours.
     */
    public static List<Result> link(ComfyModel model, ModelWeights weights, Path modelsDir) throws IOException {
        List<Result> results = new ArrayList<>();
        for (ComfyModelFile f : model.files()) {
            Path link = modelsDir.resolve(f.folder().folder()).resolve(f.fileName());
            Optional<Path> cached = weights.cached(f.component());
            results.add(new Result(f, link, cached.isEmpty() ? Outcome.NOT_CACHED
                    : link(link, cached.get().toAbsolutePath())));
        }
        return results;
    }

    private static Outcome link(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link)) {
            if (Files.readSymbolicLink(link).equals(target)) {
                return Outcome.UNCHANGED;
            }
        } else if (Files.exists(link)) {
            return Outcome.KEPT_OTHER_FILE;
        }
        Files.createDirectories(link.getParent());
        // why: a new link beside it, moved over the old one, so ComfyUI never lists the name while it is missing
        Path temp = link.resolveSibling("." + link.getFileName() + ".ddiffusion-link");
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, target);
        Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return Outcome.LINKED;
    }
}
