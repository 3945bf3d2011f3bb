package io.ddiffusion.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: s3proxy on its filesystem backend, run from its self-contained jar as a separate
 * process (its jclouds and Jetty 12 stay off our class path) on a free loopback port, with static credentials.
 * The build copies the jar to {@code target/s3proxy/s3proxy.jar}; {@code -Dddiffusion.test.s3proxy} overrides.
 * Buckets are directories under {@link #dataDir}.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";
    private final Process process;
    private final Path dataDir;
    private final URI endpoint;

    private S3ProxyServer(Process process, Path dataDir, URI endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    /** Starts a server keeping its buckets under {@code dir}, and waits until it accepts connections. */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("ddiffusion.test.s3proxy", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no s3proxy jar at " + jar.toAbsolutePath()
                    + " (the build's maven-dependency-plugin copies it)");
        }
        Path data = Files.createDirectories(dir.resolve("s3-data"));
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data.toAbsolutePath()) + "\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", jar.toAbsolutePath().toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, data, endpoint);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!accepts(port)) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                server.close();
                throw new IllegalStateException("s3proxy did not start: " + Files.readString(
                        dir.resolve("s3proxy.log")));
            }
            Thread.sleep(100);
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates an empty bucket. */
    public void createBucket(String name) throws IOException {
        Files.createDirectories(dataDir.resolve(name));
    }

    /** The variables that point the application at {@code s3://bucket/prefix} on this server. */
    public Map<String, String> environment(String bucket, String prefix) {
        Map<String, String> env = new TreeMap<>();
        env.put("DDIFFUSION_STORAGE_URL", "s3://" + bucket + "/" + prefix);
        env.put("DDIFFUSION_S3_ENDPOINT", endpoint.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        // why: the SDK must never ask an EC2 metadata service from a test
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
