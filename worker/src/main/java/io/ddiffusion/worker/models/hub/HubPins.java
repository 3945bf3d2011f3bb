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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pins files of a Hub repository at a commit, for maintainers adding a model manifest on a connected machine: LFS
 * files from the revision listing ({@code GET /api/models/{repo}/revision/{commit}?blobs=true}: size and
 * {@code lfs.sha256}); small non-LFS files, which the listing names only by their git blob id, by reading and hashing
 * them.
 */
public final class HubPins {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many pages of a repository's history a commit prefix is looked up in. */
    private static final int MAX_COMMIT_PAGES = 100;

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

    /**
     * The full commit a build records by {@code prefix}: itself when it is full; the newest commit of {@code main}
     * starting with it (the repository's commit list, {@code GET /api/models/{repo}/commits/main}, page by page as
     * its {@code Link: rel="next"} header leads); or, for an empty prefix, the commit {@code main} points at now.
     *
     * @throws HubException when offline, when the Hub refuses, or when no commit of main starts with the prefix
     */
    public String commitOf(String repo, String prefix) {
        if (prefix.matches("[0-9a-f]{40}")) {
            return prefix;
        }
        if (settings.offline()) {
            throw new HubException("finding the commit of " + repo + " reads the Hub, and HF_HUB_OFFLINE is set");
        }
        if (prefix.isEmpty()) {
            String sha = get(URI.create(settings.endpoint() + "/api/models/" + repo + "/revision/main"), repo, "main")
                    .body().path("sha").asText("");
            if (!sha.matches("[0-9a-f]{40}")) {
                throw new HubException("the Hub names no commit for main of " + repo);
            }
            return sha;
        }
        URI page = URI.create(settings.endpoint() + "/api/models/" + repo + "/commits/main");
        for (int pages = 0; page != null && pages < MAX_COMMIT_PAGES; pages++) {
            Page commits = get(page, repo, "main");
            for (JsonNode commit : commits.body()) {
                String id = commit.path("id").asText("");
                if (id.startsWith(prefix) && id.matches("[0-9a-f]{40}")) {
                    return id;
                }
            }
            // why: the token goes with every request, so a next page elsewhere than the endpoint is not followed
            page = commits.next().map(page::resolve).filter(this::atEndpoint).orElse(null);
        }
        throw new HubException("no commit of main of " + repo + " starts with " + prefix);
    }

    private record Page(JsonNode body, Optional<String> next) { }

    private boolean atEndpoint(URI uri) {
        URI endpoint = settings.endpoint();
        return Objects.equals(uri.getScheme(), endpoint.getScheme())
                && Objects.equals(uri.getHost(), endpoint.getHost()) && uri.getPort() == endpoint.getPort();
    }

    private Page get(URI uri, String repo, String revision) {
        HttpResponse<String> response = send(uri, repo, revision);
        try {
            return new Page(JSON.readTree(response.body()), response.headers().allValues("Link").stream()
                    .flatMap(v -> Arrays.stream(v.split(",")))
                    .filter(link -> link.matches("(?s)\\s*<[^>]+>.*;\\s*rel=\"?next\"?\\s*"))
                    .map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>'))).findFirst());
        } catch (IOException e) {
            throw new HubException("the Hub's answer for " + repo + " at " + revision + " is not JSON: " + e, e);
        }
    }

    private JsonNode listing(String repo, String revision) {
        if (!revision.matches("[0-9a-f]{40}")) {
            throw new HubException("pin a 40-hex commit, not '" + revision + "': a branch moves");
        }
        URI uri = URI.create(settings.endpoint() + "/api/models/" + repo + "/revision/" + revision + "?blobs=true");
        return get(uri, repo, revision).body();
    }

    private HttpResponse<String> send(URI uri, String repo, String revision) {
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
            return response;
        } catch (IOException e) {
            throw new HubException("cannot list " + repo + " at " + revision + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while listing " + repo, e);
        }
    }
}
