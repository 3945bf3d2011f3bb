package io.ddiffusion.core.storage;

import java.net.URI;
import java.time.Duration;

/**
 * Links a client follows straight to the store, bypassing the API: S3 presigned GET URLs. Thread-safe; signing is
 * local (no request to the store).
 */
@FunctionalInterface
public interface DirectLinks {

    /** A URL that reads {@code key} (a checked storage key) for {@code lifetime} from now. */
    URI link(String key, Duration lifetime);
}
