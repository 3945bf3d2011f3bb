package io.ddiffusion.worker.runtime;

import io.ddiffusion.schema.common.ModelSpec;
import java.util.Optional;

/**
 * Something handlers share that a worker may lack: provider credentials, a model's weights, a sidecar. A handler
 * built with such a service can run only when the service says nothing is missing for its model. Implementations
 * answer from memory or a few file checks: they are asked with every capability report.
 */
public interface Prerequisite {
    /** What is missing on this worker for {@code model}, saying what to do; empty when nothing is. */
    Optional<String> unmetFor(ModelSpec model);
}
