package io.ddiffusion.worker.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Everything a handler may use: the validated request, its decoded inputs, a progress and log reporter, the
 * cancellation token and an output writer backed by storage. Domain-free; domains wrap it in richer contexts.
 */
public interface TaskContext<R> {
    UUID taskId();

    /** The task name, e.g. {@code images.sd-xl}. */
    String taskName();

    /** The validated request (base64 inputs are not in it: read them from {@link #inputs()}). */
    R request();

    TaskInputs inputs();

    /** Reports structured progress: step {@code step} of {@code total}. Cheap to call often. */
    void progress(long step, long total);

    /** Appends one line to the task's logs (and the worker's log, with the task id). */
    void log(String line);

    CancellationToken cancellation();

    /**
     * What an earlier attempt of this task recorded under {@code key} with {@link #checkpoint(String, String)}, e.g.
     * the id of the provider job it started; empty on a first attempt.
     */
    java.util.Optional<String> checkpoint(String key);

    /**
     * Records {@code value} under {@code key} in the task, before the handler waits on what it names: a worker that
     * takes the task over (this one died or froze) reads it and attaches to the running job instead of starting and
     * paying for another.
     */
    void checkpoint(String key, String value);

    /**
     * As {@link #checkpoint(String, String)}, with {@code line} for the task's logs (as {@link #log(String)}) in the
     * same write: one broker round trip instead of two where a handler records a job and says so.
     */
    default void checkpoint(String key, String value, String line) {
        checkpoint(key, value);
        log(line);
    }

    /** Stores an output file under the next output key with {@code extension}; returns its storage key. */
    String writeOutput(String extension, InputStream data) throws IOException;

    /** Stores {@code file} (consumed) as the next output; returns its storage key. */
    String writeOutputFile(String extension, Path file) throws IOException;
}
