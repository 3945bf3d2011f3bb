package io.ddiffusion.worker.runtime;

import io.ddiffusion.schema.common.ModelSpec;
import java.util.Optional;

/**
 * Runs one registry model: the shape the domain handler interfaces ({@code ImageHandler}, {@code TextHandler},
 * {@code VideoHandler}) share. Every concrete implementation in the worker is registered on its own (see
 * {@code BuiltInHandlers}): a model's handler names its model, and nothing else lists it.
 */
public interface ModelHandler {
    /** The registry entry this handler serves; its task name, queue and modes come from there. */
    ModelSpec model();

    /**
     * Why this handler cannot run its model on this worker now, beyond what its shared services report (see
     * {@link Prerequisite}); empty when it can. Called with every capability report, so it must be cheap.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** This handler adapted to the runtime (builds the domain's context, returns its result). */
    TaskHandler<?> taskHandler();
}
