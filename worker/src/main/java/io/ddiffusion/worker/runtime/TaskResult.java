package io.ddiffusion.worker.runtime;

import java.util.List;

/** What a handler produced: storage keys of files (images, videos, workflows) or a text (texts). */
public record TaskResult(List<String> files, String text) {
    public TaskResult {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public static TaskResult files(List<String> keys) {
        return new TaskResult(keys, null);
    }

    public static TaskResult text(String text) {
        return new TaskResult(List.of(), text);
    }
}
