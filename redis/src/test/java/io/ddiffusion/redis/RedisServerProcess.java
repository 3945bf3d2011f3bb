package io.ddiffusion.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} on a free loopback port with its own data directory, for tests that need a Redis
 * configured in a particular way (AOF on or off) or one they may stop and start again. The machine's shared Redis is
 * never touched. {@link #close} stops the server and deletes its directory.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final List<String> options;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisServerProcess(List<String> options, Path dir, int port) {
        this.options = options;
        this.dir = dir;
        this.port = port;
    }

    /** Whether {@code redis-server} can be started on this machine (tests that need one are skipped otherwise). */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts a server with these options on top of a free port, loopback only and a fresh directory, e.g.
     * {@code start("--appendonly", "yes", "--save", "")}.
     */
    public static RedisServerProcess start(String... options) {
        Path dir;
        try {
            dir = Files.createTempDirectory("ddtest-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServerProcess server = new RedisServerProcess(List.of(options), dir, freePort());
            try {
                server.startAgain();
                return server;
            } catch (IllegalStateException e) {
                // why: another process may have taken the free port between the check and redis-server's bind
                failure = e;
                server.stop();
            }
        }
        deleteTree(dir);
        throw failure;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server again after {@link #stop}, on the same port and directory (its AOF, if any). */
    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "yes"));
        command.addAll(options);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        // why: a server restarted on a large data set answers LOADING for a while before its first PONG
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + log());
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while redis-server started", e);
            }
        }
        throw new IllegalStateException("redis-server did not answer within 30 s: " + log());
    }

    /** Stops the server at once (SIGKILL): nothing is saved beyond what its AOF already holds. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Stops the server as an operator or a service manager would (SIGTERM): it writes out its AOF and exits; returns
     * once it has.
     */
    public synchronized void terminate() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        deleteTree(dir);
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, buf.length);
            String answer = new String(buf, 0, n, StandardCharsets.US_ASCII);
            // why: with --requirepass the server is up when it refuses the PING
            return answer.equals("+PONG\r\n") || answer.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // why: a leftover temporary directory is not worth failing a test for
        }
    }
}
