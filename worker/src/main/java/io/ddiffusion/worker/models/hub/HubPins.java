package io.ddiffusion.worker.models.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pins files of a Hub repository at a commit, for maintainers adding a model manifest on a connected machine: LFS
 * files from the revision listing ({@code GET /api/models/{repo}/revision/{commit}?blobs=true}: size and
 * {@code lfs.sha256}); small non-LFS files, which the listing names only by their git blob id, by reading and hashing
 * them.
 */
public final class HubPins {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubSettings settings;
    private final HubDownloader downloader;
    private final HttpClient http;

    public HubPins(HubSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.downloader = new HubDownloader(settings, http);
    }

    /**
     * The pins of these files at this commit.
     *
     * @throws HubException when offline, when the Hub refuses, or when a file is not in the revision
     */
    public List<HubFile> pin(String repo, String revision, List<String> paths) {
        if (settings.offline()) {
            throw new HubException("pinning reads the Hub, and HF_HUB_OFFLINE is set");
        }
        JsonNode siblings = listing(repo, revision).path("siblings");
        List<HubFile> pins = new ArrayList<>();
        for (String path : paths) {
            JsonNode entry = null;
            for (JsonNode sibling : siblings) {
                if (path.equals(sibling.path("rfilename").asText())) {
                    entry = sibling;
                }
            }
            if (entry == null) {
                throw new HubException("the Hub lists no " + path + " in " + repo + " at " + revision);
            }
            JsonNode lfs = entry.path("lfs");
            pins.add(lfs.hasNonNull("sha256")
                    ? new HubFile(repo, revision, path, lfs.path("size").asLong(entry.path("size").asLong()),
                            lfs.path("sha256").asText())
                    : downloader.digest(repo, revision, path));
        }
        return pins;
    }

    private JsonNode listing(String repo, String revision) {
        if (!revision.matches("[0-9a-f]{40}")) {
            throw new HubException("pin a 40-hex commit, not '" + revision + "': a branch moves");
        }
        URI uri = URI.create(settings.endpoint() + "/api/models/" + repo + "/revision/" + revision + "?blobs=true");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(settings.stallTimeout())
                .header("User-Agent", "deferred-diffusion; hf_hub-compatible");
        settings.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new HubException("the Hub answered HTTP " + response.statusCode() + " listing " + repo + " at "
                        + revision + (response.statusCode() == 401 || response.statusCode() == 403
                        ? " (private or gated: set HF_TOKEN)" : ""));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new HubException("cannot list " + repo + " at " + revision + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while listing " + repo, e);
        }
    }
}
