package io.ddiffusion.worker.models.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Hugging Face Hub and its CDN (on another port, so another origin), shared with the model
 * store and CLI tests: {@code resolve} with redirects and etags, ranges, private repos, corrupt bytes, cut or stalled
 * bodies, the {@code /api/models/{repo}/revision/{commit}?blobs=true} listing, main's commit
 * ({@code /revision/main}) and its history ({@code /commits/main}, paginated by {@code Link} headers).
 */
public final class FakeHub implements AutoCloseable {

    /** One request as the fake saw it. */
    public record Seen(String server, String path, String authorization, String range) { }

    /** A file the fake serves; LFS files redirect to the CDN and carry X-Linked-Etag. */
    record Served(byte[] content, String sha256, boolean lfs) { }

    private final HttpServer hub;
    private final HttpServer cdn;
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final Map<String, String> privateRepos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> wrongBytes = new ConcurrentHashMap<>();
    public final List<Seen> requests = new CopyOnWriteArrayList<>();
    public final AtomicLong cutAfter = new AtomicLong(-1);
    public final AtomicInteger cuts = new AtomicInteger();
    /** After this many bytes of a body the fake goes silent for {@link #stallMillis} (once; -1 = never). */
    public final AtomicLong stallAfter = new AtomicLong(-1);
    /** Whether every body stalls, not only the next one. */
    public volatile boolean stallAlways;
    public volatile long stallMillis = 10_000;
    public final AtomicInteger stalls = new AtomicInteger();
    public volatile boolean ignoreRange;
    public volatile long bodyDelayMillis;
    public final String commit;
    /** The history of main, newest first, as {@code /api/models/{repo}/commits/main} lists it ({@link #commit}). */
    public volatile List<String> history;
    /** Commits per page of that listing, whose {@code Link: rel="next"} leads to the next page. */
    public volatile int commitsPerPage = 2;
    /** Where the listing's next page points, when a test wants it elsewhere than this hub (null: here). */
    public volatile String nextPageBase;

    public FakeHub(String commit) throws IOException {
        this.commit = commit;
        this.history = List.of(commit);
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", ex -> handle("hub", ex));
        cdn.createContext("/", ex -> handle("cdn", ex));
        hub.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        cdn.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        hub.start();
        cdn.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    public void serve(String repo, String path, byte[] content, boolean lfs) {
        files.put(repo + "/resolve/" + commit + "/" + path, new Served(content, sha256(content), lfs));
    }

    public void makePrivate(String repo, String token) {
        privateRepos.put(repo, token);
    }

    /** Serves these bytes instead of the real content of the file (under the real headers). */
    public void corrupt(String repo, String path, byte[] bytes) {
        wrongBytes.put(repo + "/resolve/" + commit + "/" + path, bytes);
    }

    public long count(String server) {
        return requests.stream().filter(r -> r.server().equals(server)).count();
    }

    private void handle(String server, HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring(1);
        requests.add(new Seen(server, path, ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("Range")));
        try (ex) {
            if (server.equals("cdn")) {
                Optional<Map.Entry<String, Served>> entry = files.entrySet().stream()
                        .filter(e -> path.equals("cdn/" + e.getValue().sha256())).findFirst();
                if (entry.isEmpty()) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                body(ex, wrongBytes.getOrDefault(entry.get().getKey(), entry.get().getValue().content()));
                return;
            }
            if (path.startsWith("api/models/")) {
                listing(ex, path.substring("api/models/".length()));
                return;
            }
            Served served = files.get(path);
            if (served == null) {
                ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String repo = path.substring(0, path.indexOf("/resolve/"));
            String token = privateRepos.get(repo);
            if (token != null && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            ex.getResponseHeaders().set("X-Repo-Commit", commit);
            if (served.lfs()) {
                ex.getResponseHeaders().set("X-Linked-Etag", "\"" + served.sha256() + "\"");
                ex.getResponseHeaders().set("X-Linked-Size", Long.toString(served.content().length));
                ex.getResponseHeaders().set("ETag", "\"some-git-oid\"");
                ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort()
                        + "/cdn/" + served.sha256() + "?X-Amz-Signature=abc");
                ex.sendResponseHeaders(302, -1);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"" + gitOid(served.content()) + "\"");
            body(ex, wrongBytes.getOrDefault(path, served.content()));
        }
    }

    private void body(HttpExchange ex, byte[] content) throws IOException {
        String range = ignoreRange ? null : ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null && range.matches("bytes=\\d+-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= content.length) {
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            ex.sendResponseHeaders(206, content.length - from);
        } else {
            ex.sendResponseHeaders(200, content.length == 0 ? -1 : content.length);
        }
        if (bodyDelayMillis > 0) {
            sleep(bodyDelayMillis);
        }
        OutputStream out = ex.getResponseBody();
        long stall = stallAlways ? stallAfter.get() : stallAfter.getAndSet(-1);
        if (stall >= 0) {
            int upTo = (int) Math.min(stall, content.length - from);
            out.write(content, from, upTo);
            out.flush();
            stalls.incrementAndGet();
            sleep(stallMillis);
            out.write(content, from + upTo, content.length - from - upTo);
            return;
        }
        long cut = cutAfter.getAndSet(-1);
        if (cut >= 0) {
            out.write(content, from, (int) Math.min(cut, content.length - from));
            out.flush();
            cuts.incrementAndGet();
            sleep(50);
            throw new IOException("cutting the connection on purpose");
        }
        out.write(content, from, content.length - from);
    }

    /** {@code GET /api/models/{repo}/revision/{commit}}: the served files with size, git oid and, for LFS, sha256. */
    private void listing(HttpExchange ex, String rest) throws IOException {
        if (rest.endsWith("/commits/main")) {
            commits(ex, rest.substring(0, rest.length() - "/commits/main".length()));
            return;
        }
        int at = rest.indexOf("/revision/");
        String repo = at < 0 ? rest : rest.substring(0, at);
        String revision = at < 0 ? "" : rest.substring(at + "/revision/".length());
        if (revision.equals("main") && ex.getRequestURI().getQuery() == null) {
            json(ex, "{\"id\":\"" + repo + "\",\"sha\":\"" + commit + "\"}");
            return;
        }
        if (!revision.equals(commit) || !"blobs=true".equals(ex.getRequestURI().getQuery())) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        String prefix = repo + "/resolve/" + commit + "/";
        StringBuilder siblings = new StringBuilder();
        files.forEach((key, served) -> {
            if (key.startsWith(prefix)) {
                siblings.append(siblings.isEmpty() ? "" : ",").append("{\"rfilename\":\"")
                        .append(key.substring(prefix.length())).append("\",\"size\":").append(served.content().length)
                        .append(",\"blobId\":\"").append(gitOid(served.content())).append('"');
                if (served.lfs()) {
                    siblings.append(",\"lfs\":{\"sha256\":\"").append(served.sha256()).append("\",\"size\":")
                            .append(served.content().length).append(",\"pointerSize\":134}");
                }
                siblings.append('}');
            }
        });
        byte[] json = ("{\"id\":\"" + repo + "\",\"sha\":\"" + commit + "\",\"siblings\":[" + siblings + "]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, json.length);
        ex.getResponseBody().write(json);
    }

    /** One page ({@code ?p=N}) of main's history, as huggingface_hub's list_repo_commits reads it. */
    private void commits(HttpExchange ex, String repo) throws IOException {
        String query = ex.getRequestURI().getQuery();
        int page = query != null && query.matches("p=\\d+") ? Integer.parseInt(query.substring(2)) : 0;
        List<String> all = history;
        int from = Math.min(all.size(), page * commitsPerPage);
        int to = Math.min(all.size(), from + commitsPerPage);
        StringBuilder body = new StringBuilder("[");
        for (String id : all.subList(from, to)) {
            body.append(body.length() > 1 ? "," : "").append("{\"id\":\"").append(id)
                    .append("\",\"title\":\"Upload\",\"message\":\"\",\"authors\":[{\"user\":\"acme\"}],"
                            + "\"date\":\"2025-01-01T00:00:00.000Z\"}");
        }
        if (to < all.size()) {
            String base = nextPageBase != null ? nextPageBase : endpoint().toString();
            ex.getResponseHeaders().set("Link", "<" + base + "/api/models/" + repo + "/commits/main?p=" + (page + 1)
                    + ">; rel=\"next\"");
        }
        json(ex, body.append(']').toString());
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        byte[] json = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, json.length);
        ex.getResponseBody().write(json);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String sha256(byte[] content) {
        return java.util.HexFormat.of().formatHex(HubCache.newDigest().digest(content));
    }

    public static String gitOid(byte[] content) {
        try {
            var sha1 = java.security.MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha1.digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
    }
}
