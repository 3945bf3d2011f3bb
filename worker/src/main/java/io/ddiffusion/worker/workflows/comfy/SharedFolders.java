package io.ddiffusion.worker.workflows.comfy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * ComfyUI's input and output folders when the worker sees them (a volume shared with the sidecar): a task's
 * uploads and outputs are deleted there when it ends, so uploaded data is kept only as long as needed. ComfyUI's
 * HTTP API has no route to delete files; without these folders they stay on the sidecar.
 */
public record SharedFolders(Optional<Path> input, Optional<Path> output) {

    /** Deletes {@code subfolder} of the input folder (the task's uploads), if the folder is shared. */
    public void deleteInputs(String subfolder, Consumer<String> log) {
        input.ifPresent(root -> inside(root, subfolder).ifPresentOrElse(dir -> {
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                log.accept("Deleted this task's uploads from ComfyUI's input folder");
            } catch (IOException e) {
                log.accept("Could not delete this task's uploads from ComfyUI's input folder: " + e.getMessage());
            }
        }, () -> log.accept("Not deleting " + subfolder + ": outside ComfyUI's input folder")));
    }

    /** Deletes one output file the task stored, if the output folder is shared. */
    public void deleteOutput(ComfyOutputs.File file, Consumer<String> log) {
        String relative = file.subfolder().isEmpty() ? file.filename() : file.subfolder() + "/" + file.filename();
        output.ifPresent(root -> inside(root, relative).ifPresentOrElse(f -> {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                log.accept("Could not delete " + relative + " from ComfyUI's output folder: " + e.getMessage());
            }
        }, () -> log.accept("Not deleting " + relative + ": outside ComfyUI's output folder")));
    }

    /** {@code relative} under {@code root}, or empty when it would leave it (names come from ComfyUI's answers). */
    static Optional<Path> inside(Path root, String relative) {
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(relative).normalize();
        return p.startsWith(base) && !p.equals(base) ? Optional.of(p) : Optional.empty();
    }
}
