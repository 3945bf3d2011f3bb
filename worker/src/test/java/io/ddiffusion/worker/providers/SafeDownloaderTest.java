package io.ddiffusion.worker.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ddiffusion.core.media.MediaFormat;
import io.ddiffusion.worker.media.Images;
import io.ddiffusion.worker.providers.SafeDownloader.Kind;
import io.ddiffusion.worker.runtime.CancellationToken;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeDownloaderTest {
    private static final byte[] PNG = Images.png(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
    private static final byte[] MP4 = {0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'm', 'p',
        '4', '1'};
    private static final long CAP = 1000;
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(10),
            3);

    @TempDir
    Path dir;
    private HttpServer server;
    /** path → content type and body, served by the local stub; a "redirect:" type answers 302 to the body. */
    private final Map<String, String[]> routes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    /** Statuses the stub answers first, one a request, with an S3-style XML error body. */
    private final Deque<Integer> failures = new ConcurrentLinkedDeque<>();
    /** Each request's path and Authorization header ("-" when none), in order. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CancellationToken token = new CancellationToken();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                requests.add(ex.getRequestURI().getPath() + " " + (auth == null ? "-" : auth));
                Integer failure = failures.poll();
                if (failure != null) {
                    byte[] error = "<Error><Code>SlowDown</Code></Error>".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(failure, error.length);
                    ex.getResponseBody().write(error);
                    return;
                }
                String[] route = routes.get(ex.getRequestURI().getPath());
                if (route == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                if (route[0].equals("redirect")) {
                    ex.getResponseHeaders().add("Location", route[1]);
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                byte[] body = bodies.get(ex.getRequestURI().getPath());
                ex.getResponseHeaders().add("Content-Type", route[0]);
                ex.sendResponseHeaders(200, route[1].equals("chunked") ? 0 : body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(String path, String type, byte[] body, boolean chunked) {
        routes.put(path, new String[] {type, chunked ? "chunked" : "fixed"});
        bodies.put(path, body);
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static SafeDownloader downloader(HttpClient client, boolean allowPrivate) {
        return new SafeDownloader(client, allowPrivate, CAP, QUICK);
    }

    private static HttpClient realClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private MediaFormat download(URI uri, Kind kind, Path target) throws Exception {
        return downloader(realClient(), true).download("Replicate", "m", uri, kind, target, token);
    }

    @Test
    void anImageIsDownloadedOverPlainHttpWhenPrivateDownloadsAreAllowed() throws Exception {
        serve("/out.png", "image/png", PNG, false);
        Path target = dir.resolve("out");

        assertThat(download(local("/out.png"), Kind.IMAGE, target)).isEqualTo(MediaFormat.PNG);
        assertThat(Files.readAllBytes(target)).isEqualTo(PNG);
    }

    @Test
    void httpsIsRequiredUnlessPrivateDownloadsAreAllowed() {
        SafeDownloader strict = downloader(new FakeClient(Map.of()), false);

        assertThatThrownBy(() -> strict.check("Replicate", "m", URI.create("http://93.184.216.34/out.png")))
                .isInstanceOf(ProviderException.class).hasMessageContaining("only HTTPS is allowed");
        assertThatThrownBy(() -> strict.check("Replicate", "m", URI.create("ftp://93.184.216.34/out.png")))
                .hasMessageContaining("only HTTPS is allowed");
        strict.check("Replicate", "m", URI.create("https://93.184.216.34/out.png"));
        downloader(new FakeClient(Map.of()), true).check("Replicate", "m", URI.create("http://127.0.0.1/out.png"));
    }

    @Test
    void loopbackPrivateLinkLocalUniqueLocalAndMappedAddressesAreRefused() throws Exception {
        SafeDownloader strict = downloader(new FakeClient(Map.of()), false);
        for (String url : List.of("https://127.0.0.1/x", "https://localhost/x", "https://[::1]/x",
                "https://10.1.2.3/x", "https://172.16.5.4/x", "https://192.168.0.10/x",
                "https://169.254.169.254/latest/meta-data", "https://[fe80::1]/x", "https://[fd12:3456::1]/x",
                "https://100.64.0.1/x", "https://0.0.0.0/x", "https://[::ffff:127.0.0.1]/x")) {
            assertThatThrownBy(() -> strict.check("Replicate", "m", URI.create(url))).as(url)
                    .hasMessageContaining("resolves to a private or local address");
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        assertThat(SafeDownloader.isPrivate(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
        mapped[12] = 93;
        assertThat(SafeDownloader.isPrivate(Inet6Address.getByAddress(null, mapped, -1))).isFalse();
        assertThat(SafeDownloader.isPrivate(InetAddress.getByName("93.184.216.34"))).isFalse();
        assertThat(SafeDownloader.isPrivate(InetAddress.getByName("2606:4700::1111"))).isFalse();
    }

    @Test
    void aRedirectToALoopbackAddressIsRefusedBeforeItIsFetched() {
        FakeClient client = new FakeClient(Map.of("https://93.184.216.34/out.png",
                FakeClient.redirect("https://127.0.0.1:8080/internal/secret.png")));

        assertThatThrownBy(() -> downloader(client, false).download("Replicate", "m",
                URI.create("https://93.184.216.34/out.png"), Kind.IMAGE, dir.resolve("out"), token))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("refusing to download the output from 127.0.0.1");
        assertThat(client.requested).containsExactly(URI.create("https://93.184.216.34/out.png"));
    }

    @Test
    void aRedirectToPlainHttpIsRefusedToo() {
        FakeClient client = new FakeClient(Map.of("https://93.184.216.34/out.png",
                FakeClient.redirect("http://93.184.216.35/out.png")));

        assertThatThrownBy(() -> downloader(client, false).download("Replicate", "m",
                URI.create("https://93.184.216.34/out.png"), Kind.IMAGE, dir.resolve("out"), token))
                .hasMessageContaining("only HTTPS is allowed");
        assertThat(client.requested).hasSize(1);
    }

    @Test
    void redirectsAreFollowedHopByHopAndLoopsStopAfterFive() throws Exception {
        serve("/final.png", "image/png", PNG, false);
        routes.put("/moved", new String[] {"redirect", "/final.png"});
        routes.put("/loop", new String[] {"redirect", "/loop"});

        assertThat(download(local("/moved"), Kind.IMAGE, dir.resolve("a"))).isEqualTo(MediaFormat.PNG);
        assertThatThrownBy(() -> download(local("/loop"), Kind.IMAGE, dir.resolve("b")))
                .hasMessageContaining("more than 5 redirects");
    }

    @Test
    void aTransientFailureIsRetriedLikeAnyProviderCall() throws Exception {
        serve("/late.png", "image/png", PNG, false);
        failures.add(503);
        failures.add(429);

        assertThat(download(local("/late.png"), Kind.IMAGE, dir.resolve("a"))).isEqualTo(MediaFormat.PNG);
        assertThat(requests).hasSize(3);
    }

    @Test
    void aFailedDownloadNamesTheHostAndTheProvidersMessageAndIsNotRetried() {
        failures.add(403);

        assertThatThrownBy(() -> download(local("/gone.png"), Kind.IMAGE, dir.resolve("a")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessage("Replicate m failed with HTTP 403: downloading the output from 127.0.0.1 failed: "
                        + "<Error><Code>SlowDown</Code></Error>");
        assertThat(requests).hasSize(1);
    }

    @Test
    void anApiRequestKeepsItsKeyButTheRedirectItAnswersIsFollowedWithout() throws Exception {
        serve("/cdn/clip.mp4", "video/mp4", MP4, false);
        routes.put("/v1/videos/v1/content", new String[] {"redirect", local("/cdn/clip.mp4").toString()});
        HttpRequest api = HttpRequest.newBuilder(local("/v1/videos/v1/content")).header("Authorization", "Bearer k")
                .GET().build();

        MediaFormat format = downloader(realClient(), true).download("openai", "m", api, Kind.VIDEO,
                dir.resolve("a"), token);

        assertThat(format).isEqualTo(MediaFormat.MP4);
        assertThat(requests).containsExactly("/v1/videos/v1/content Bearer k", "/cdn/clip.mp4 -");
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedWithoutReadingTheBody() {
        serve("/big.png", "image/png", new byte[(int) CAP + 1], false);
        Path target = dir.resolve("big");

        assertThatThrownBy(() -> download(local("/big.png"), Kind.IMAGE, target))
                .hasMessageContaining("output of 1001 bytes exceeds the download limit of 1000 bytes");
        assertThat(target).doesNotExist();
    }

    @Test
    void aStreamedBodyOverTheCapIsCutOffAndDeleted() {
        byte[] big = new byte[5000];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        serve("/stream.png", "image/png", big, true);
        Path target = dir.resolve("stream");

        assertThatThrownBy(() -> download(local("/stream.png"), Kind.IMAGE, target))
                .hasMessageContaining("output exceeds the download limit of 1000 bytes");
        assertThat(target).doesNotExist();
    }

    @Test
    void aContentTypeOfTheWrongKindIsRefused() {
        serve("/page", "text/html; charset=utf-8", "<html>hi</html>".getBytes(StandardCharsets.UTF_8), false);
        serve("/clip.mp4", "video/mp4", MP4, false);

        assertThatThrownBy(() -> download(local("/page"), Kind.IMAGE, dir.resolve("a")))
                .hasMessageContaining("output has content type 'text/html; charset=utf-8', expected an image");
        assertThatThrownBy(() -> download(local("/clip.mp4"), Kind.IMAGE, dir.resolve("b")))
                .hasMessageContaining("expected an image");
    }

    @Test
    void octetStreamAndBinaryAreAcceptedOnlyWhenTheBytesSniffAsTheExpectedKind() throws Exception {
        serve("/png", "application/octet-stream", PNG, false);
        serve("/mp4", "binary/octet-stream", MP4, false);
        serve("/bin", "application/binary", MP4, false);
        serve("/junk", "application/octet-stream", "not media at all".getBytes(StandardCharsets.UTF_8), false);

        assertThat(download(local("/png"), Kind.IMAGE, dir.resolve("a"))).isEqualTo(MediaFormat.PNG);
        assertThat(download(local("/mp4"), Kind.VIDEO, dir.resolve("b"))).isEqualTo(MediaFormat.MP4);
        assertThat(download(local("/bin"), Kind.VIDEO, dir.resolve("e"))).isEqualTo(MediaFormat.MP4);
        assertThatThrownBy(() -> download(local("/mp4"), Kind.IMAGE, dir.resolve("c")))
                .hasMessageContaining("output is MP4, expected an image");
        assertThatThrownBy(() -> download(local("/junk"), Kind.IMAGE, dir.resolve("d")))
                .hasMessageContaining("output is not a supported image or video");
        assertThat(dir.resolve("c")).doesNotExist();
        assertThat(dir.resolve("d")).doesNotExist();
    }

    @Test
    void credentialsInTheUrlAndClientsThatFollowRedirectsThemselvesAreRefused() {
        assertThatThrownBy(() -> downloader(new FakeClient(Map.of()), false).check("Replicate", "m",
                URI.create("https://user:pw@93.184.216.34/out.png"))).hasMessageContaining("malformed URL");
        assertThatThrownBy(() -> new SafeDownloader(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL).build(), false, CAP, QUICK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Answers from a table by URI without any network, recording what was asked: for hosts we cannot serve. */
    private static final class FakeClient extends HttpClient {
        final List<URI> requested = new CopyOnWriteArrayList<>();
        private final Map<String, Answer> answers;

        record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        }

        FakeClient(Map<String, Answer> answers) {
            this.answers = answers;
        }

        static Answer redirect(String location) {
            return new Answer(302, Map.of("Location", List.of(location)), new byte[0]);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler) {
            requested.add(request.uri());
            Answer a = answers.getOrDefault(request.uri().toString(), new Answer(404, Map.of(), new byte[0]));
            HttpResponse<T> response = new HttpResponse<>() {
                public int statusCode() {
                    return a.status();
                }

                public HttpRequest request() {
                    return request;
                }

                public Optional<HttpResponse<T>> previousResponse() {
                    return Optional.empty();
                }

                public HttpHeaders headers() {
                    return HttpHeaders.of(a.headers(), (k, v) -> true);
                }

                public T body() {
                    return (T) new ByteArrayInputStream(a.body());
                }

                public Optional<javax.net.ssl.SSLSession> sslSession() {
                    return Optional.empty();
                }

                public URI uri() {
                    return request.uri();
                }

                public Version version() {
                    return Version.HTTP_1_1;
                }
            };
            return CompletableFuture.completedFuture(response);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
            return sendAsync(request, handler);
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return sendAsync(request, handler).join();
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return Optional.empty();
        }

        @Override
        public Redirect followRedirects() {
            return Redirect.NEVER;
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return Optional.empty();
        }

        @Override
        public SSLContext sslContext() {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public SSLParameters sslParameters() {
            return new SSLParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }

        @Override
        public Optional<Executor> executor() {
            return Optional.empty();
        }
    }
}
