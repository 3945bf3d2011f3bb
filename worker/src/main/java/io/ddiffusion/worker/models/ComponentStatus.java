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
        /**
         * The build pins only the commit (or its prefix) and nothing is locked yet: a pull takes the size and sha256
         * the Hub reports there, downloads and checks the file, and keeps the pin in the lock file.
         */
        NOT_LOCKED,
        /** The build carries neither a verified pin nor a commit, so the file is neither downloaded nor checked. */
        NOT_PINNED
    }
}
