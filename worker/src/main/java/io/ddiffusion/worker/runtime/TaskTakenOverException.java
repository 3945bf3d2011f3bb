package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.task.Task;

/**
 * A write for a task this worker no longer owns: another worker took it over (this one was frozen, partitioned or
 * thought dead), or this worker took it back as a new delivery. The write is refused, so the new owner's state is
 * never overwritten, and this copy stops.
 */
final class TaskTakenOverException extends RuntimeException {
    TaskTakenOverException(Task now, int attempt) {
        super("task " + now.id() + " is now attempt " + now.attempts() + " on worker " + now.worker()
                + ", not attempt " + attempt);
    }
}
