package io.ddiffusion.worker.models.hub;

/** Receives download progress: bytes done out of the total. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /** Called with the bytes done so far (including resumed bytes) and the expected total. */
    void progress(long done, long total);
}
