package io.ddiffusion.worker.models.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The Hugging Face Hub settings that {@code huggingface_hub} reads from the environment. */
public record HubSettings(URI endpoint, Optional<String> token, Path cache, boolean offline) {

    /** The default Hub endpoint. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");

    public HubSettings {
        String e = endpoint.toString();
        endpoint = e.endsWith("/") ? URI.create(e.substring(0, e.length() - 1)) : endpoint;
        token = token.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Reads the settings from the process environment. */
    public static HubSettings fromEnvironment() {
        return from(name -> Optional.ofNullable(System.getenv(name)));
    }

    /** Reads the settings from a variable lookup, with {@code huggingface_hub}'s defaults. */
    public static HubSettings from(Function<String, Optional<String>> env) {
        Function<String, Optional<String>> get = name -> env.apply(name).map(String::strip).filter(v -> !v.isEmpty());
        URI endpoint = get.apply("HF_ENDPOINT").map(URI::create).orElse(DEFAULT_ENDPOINT);
        Path home = get.apply("HF_HOME").map(Path::of).orElseGet(() -> get.apply("XDG_CACHE_HOME").map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache")).resolve("huggingface"));
        Path cache = get.apply("HF_HUB_CACHE").map(Path::of).orElseGet(() -> home.resolve("hub"));
        boolean offline = get.apply("HF_HUB_OFFLINE").map(v -> TRUE.contains(v.toLowerCase(Locale.ROOT))).orElse(false);
        return new HubSettings(endpoint, get.apply("HF_TOKEN"), cache, offline);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token.isPresent() ? "***" : "none")
                + ", cache=" + cache + ", offline=" + offline + "]";
    }
}
