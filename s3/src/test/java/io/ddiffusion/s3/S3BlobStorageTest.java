package io.ddiffusion.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.InvalidSettingException;
import io.ddiffusion.core.config.ObjectStoreSettings;
import io.ddiffusion.core.storage.BlobStorage;
import io.ddiffusion.core.storage.BlobStorageContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a real S3 server (s3proxy on loopback), and what only an object store has. */
class S3BlobStorageTest extends BlobStorageContract {
    private static final S3BlobStorage.Options SMALL_PARTS = new S3BlobStorage.Options(5 * 1024 * 1024, 2);
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    @TempDir
    static Path serverDir;
    static S3ProxyServer server;
    private String bucket;
    private S3BlobStorage storage;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createBucket() throws IOException {
        bucket = "bucket-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        storage = open("dd/run", SMALL_PARTS);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private S3BlobStorage open(String prefix, S3BlobStorage.Options options) {
        return S3Storage.open(settings(Map.of(), prefix), options);
    }

    private ObjectStoreSettings settings(Map<String, String> overrides, String prefix) {
        Map<String, String> env = new HashMap<>(server.environment(bucket, prefix));
        env.putAll(overrides);
        return ObjectStoreSettings.from(Env.of(env)).orElseThrow();
    }

    @Override
    protected BlobStorage storage() {
        return storage;
    }

    @Override
    protected void backdate(String key, Instant when) throws IOException {
        // why: s3proxy's filesystem backend reports a file's modification time as the object's LastModified
        Files.setLastModifiedTime(server.dataDir().resolve(bucket).resolve("dd/run").resolve(key),
                FileTime.from(when));
    }

    @Test
    void objectsLiveUnderTheConfiguredPrefixAndAnotherPrefixIsLeftAlone() throws Exception {
        try (S3BlobStorage other = open("other", SMALL_PARTS)) {
            storage.put("images/m/a-0.png", new ByteArrayInputStream(new byte[] {1}));
            other.put("images/m/a-0.png", new ByteArrayInputStream(new byte[] {2, 3}));

            assertThat(server.dataDir().resolve(bucket).resolve("dd/run/images/m/a-0.png")).hasSize(1);
            assertThat(storage.deleteOlderThan(Instant.now().plusSeconds(60))).isEqualTo(1);
            assertThat(other.open("images/m/a-0.png").orElseThrow().size()).isEqualTo(2);
        }
    }

    @Test
    void deletePrefixDeletesMoreKeysThanOneBatchHolds() throws Exception {
        for (int i = 0; i < 5; i++) {
            storage.put("inputs/t1/image-" + i + ".png", new ByteArrayInputStream(new byte[] {(byte) i}));
        }
        assertThat(storage.deletePrefix("inputs/t1/")).isEqualTo(5);
        assertThat(storage.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void aFailedLargeUploadIsAbortedAndLeavesNoObjectNorParts() {
        InputStream failing = new InputStream() {
            private long served;

            @Override
            public int read() throws IOException {
                if (served++ > 6L * 1024 * 1024) {
                    throw new IOException("client went away");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> storage.put("videos/m/t-0.mp4", failing)).hasMessageContaining("client went away");
        assertThat(storage.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(storage.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void presignedLinksReadTheObjectAndItsRangesStraightFromTheStore() throws Exception {
        storage.put("videos/m/t-0.mp4", new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.UTF_8)));
        URI link = storage.link("videos/m/t-0.mp4", Duration.ofMinutes(5));

        assertThat(link.getAuthority()).isEqualTo(server.endpoint().getAuthority());
        assertThat(link.getQuery()).contains("X-Amz-Expires=300");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> whole = http.send(HttpRequest.newBuilder(link).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo("0123456789");
            assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
            HttpResponse<String> range = http.send(HttpRequest.newBuilder(link).header("Range", "bytes=2-4").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo("234");
            HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(URI.create(link.toString()
                    .replace("t-0.mp4", "t-1.mp4"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tampered.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aMissingBucketFailsTheStartNamingTheVariableAndTheBucket() {
        assertThatThrownBy(() -> S3Storage.open(settings(Map.of("DDIFFUSION_STORAGE_URL", "s3://no-such-bucket/x"),
                "x"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("DDIFFUSION_STORAGE_URL").hasMessageContaining("no-such-bucket");
    }

    @Test
    void anUnreachableEndpointFailsTheStartNamingTheEndpointVariable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> S3Storage.open(settings(Map.of("DDIFFUSION_S3_ENDPOINT",
                "http://127.0.0.1:" + closedPort), "x"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("DDIFFUSION_S3_ENDPOINT").hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void refusedCredentialsFailTheStartWithoutShowingTheSecret() {
        assertThatThrownBy(() -> S3Storage.open(settings(Map.of("AWS_SECRET_ACCESS_KEY", "wrong-secret-42"), "x")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                .hasMessageNotContaining("wrong-secret-42");
    }
}
