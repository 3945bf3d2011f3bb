package io.ddiffusion.worker.runtime;

import io.ddiffusion.core.config.Env;

/**
 * Contributes handlers to a worker. Built-in providers are found on the class path with {@link java.util.ServiceLoader};
 * a studio can add its own from plugin jars ({@code DDIFFUSION_HANDLER_PLUGINS}). Later providers override earlier
 * ones for the same task name, and plugins come last.
 */
public interface HandlerProvider {
    /**
     * Adds this provider's handlers. A handler that stands in for one registered before says so with
     * {@link HandlerRegistry.Builder#replace}.
     *
     * @param env the worker's variables: read the settings your handlers need from it
     */
    void register(HandlerRegistry.Builder registry, Env env);

    /** Providers register in ascending priority, so a higher one overrides a lower one for the same task name. */
    default int priority() {
        return 0;
    }
}
