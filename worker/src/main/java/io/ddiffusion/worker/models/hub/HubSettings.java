package io.ddiffusion.worker.models.hub;

import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.core.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Hugging Face Hub settings that {@code huggingface_hub} reads from the environment, plus how long a download may
 * receive nothing before it is abandoned.
 */
public record HubSettings(URI endpoint, Optional<String> token, Path cache, boolean offline, Duration stallTimeout) {

    /** The default Hub endpoint. */
    public static final URI DEFAULT_ENDPOINT = URI.create(LocalModelSettings.DEFAULT_ENDPOINT);

    public HubSettings {
        String e = endpoint.toString();
        endpoint = e.endsWith("/") ? URI.create(e.substring(0, e.length() - 1)) : endpoint;
        token = token.map(String::strip).filter(t -> !t.isEmpty());
        Objects.requireNonNull(cache);
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("the download stall timeout must be positive, not " + stallTimeout);
        }
    }

    /** The Hub part of the project's settings. */
    public static HubSettings of(LocalModelSettings models) {
        return new HubSettings(URI.create(models.hfEndpoint()), models.hfToken(), models.hubCache(), models.offline(),
                models.downloadStallTimeout());
    }

    /** Reads the settings from the process environment. */
    public static HubSettings fromEnvironment() {
        return from(name -> Optional.ofNullable(System.getenv(name)));
    }

    /** Reads the settings from a variable lookup, with {@code huggingface_hub}'s defaults. */
    public static HubSettings from(Function<String, Optional<String>> env) {
        return of(LocalModelSettings.from(new Env(env)));
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
