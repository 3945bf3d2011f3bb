package io.ddiffusion.app.api;

import io.ddiffusion.s3.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API with its files in an S3 bucket: s3proxy (a real S3 server, filesystem backend) started on loopback for the
 * run, {@code DDIFFUSION_STORAGE_URL} pointing at a fresh bucket, links served by the API ({@code api} mode).
 */
public class S3Profile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3Bucket.class));
    }

    /** Starts the server and a bucket; stops the server and deletes its files afterwards. */
    public static class S3Bucket implements QuarkusTestResourceLifecycleManager {
        private S3ProxyServer server;
        private Path dir;

        @Override
        public Map<String, String> start() {
            try {
                dir = Files.createTempDirectory("dd-s3-");
                server = S3ProxyServer.start(dir);
                server.createBucket("dd-test");
                return server.environment("dd-test", "run-" + UUID.randomUUID());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
            if (dir != null) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temporary folder left behind
                }
            }
        }
    }
}
