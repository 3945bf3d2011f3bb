package io.ddiffusion.worker.models;

/**
 * What the cache holds for one component.
 *
 * @param component the component
 * @param state its state
 */
public record ComponentStatus(ModelComponent component, State state) {

    /** The state of one component's file in the cache. */
    public enum State {
        /** Present with the pinned size (and, after a verify, the pinned sha256). */
        CACHED,
        /** Not in the cache. */
        MISSING,
        /** Present, but its bytes do not match the pinned sha256. */
        CORRUPT,
        /** The build carries no verified pin, so the file is neither downloaded nor checked. */
        NOT_PINNED
    }
}
