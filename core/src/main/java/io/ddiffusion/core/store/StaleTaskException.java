package io.ddiffusion.core.store;

import java.util.UUID;

/** An update was based on a version of the task that is no longer current. */
public class StaleTaskException extends RuntimeException {
    public StaleTaskException(UUID id, long expected, long actual) {
        super("task " + id + " changed: expected version " + expected + ", found " + actual);
    }
}
