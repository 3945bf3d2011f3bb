package io.ddiffusion.worker.runtime;

/** Thrown by a handler (usually via {@link CancellationToken#throwIfCancelled()}) when its task was cancelled. */
public class TaskCancelledException extends Exception {
    private final CancellationToken.Reason reason;

    public TaskCancelledException(CancellationToken.Reason reason) {
        super("task cancelled: " + reason);
        this.reason = reason;
    }

    public CancellationToken.Reason reason() {
        return reason;
    }
}
