package io.ddiffusion.worker.models.hub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Hugging Face Hub settings that {@code huggingface_hub} reads from the environment, plus how long a download may
 * receive nothing before it is abandoned.
 */
public record HubSettings(URI endpoint, Optional<String> token, Path cache, boolean offline, Duration stallTimeout) {

    /** The default Hub endpoint. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    public HubSettings {
        String e = endpoint.toString();
        endpoint = e.endsWith("/") ? URI.create(e.substring(0, e.length() - 1)) : endpoint;
        token = token.map(String::strip).filter(t -> !t.isEmpty());
        Objects.requireNonNull(cache);
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("the download stall timeout must be positive, not " + stallTimeout);
        }
    }

    /** The same settings with another stall timeout. */
    public HubSettings withStallTimeout(Duration timeout) {
        return new HubSettings(endpoint, token, cache, offline, timeout);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token.isPresent() ? "***" : "none")
                + ", cache=" + cache + ", offline=" + offline + ", stallTimeout=" + stallTimeout + "]";
    }
}
