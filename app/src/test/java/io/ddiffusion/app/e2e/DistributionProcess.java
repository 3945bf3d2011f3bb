package io.ddiffusion.app.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One process of the real, packaged distribution ({@code quarkus-run.jar}), started like the launcher does. */
final class DistributionProcess implements AutoCloseable {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final Path log;
    final int port;

    private DistributionProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static DistributionProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(workDir);
        int port = Integer.parseInt(env.getOrDefault("DDIFFUSION_PORT", "0"));
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(launcherJavaOptions(args.length == 0 ? "serve" : args[0]));
        cmd.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path log = workDir.resolve("process-" + String.join("-", args).replaceAll("[^a-z0-9-]", "") + "-"
                + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DDIFFUSION_") || k.startsWith("HF_")
                || k.equals("TASK_BACKLOG_LIMIT"));
        // why: the API's metrics port (default 9000) would clash between processes a test runs side by side
        pb.environment().put("DDIFFUSION_METRICS_PORT", "0");
        pb.environment().putAll(env);
        return new DistributionProcess(pb.start(), log, port);
    }

    /** The JVM options {@code ./ddiffusion} gives a role (app/java-opts.sh), without DDIFFUSION_JAVA_OPTS. */
    static List<String> launcherJavaOptions(String role) throws IOException {
        return launcherJavaOptions(role, null);
    }

    /** As {@link #launcherJavaOptions(String)}, with DDIFFUSION_JAVA_OPTS set to {@code javaOpts} unless null. */
    static List<String> launcherJavaOptions(String role, String javaOpts) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". ./java-opts.sh && ddiffusion_java_opts \"$1\"", "opts",
                role).redirectErrorStream(true);
        pb.environment().remove("DDIFFUSION_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("DDIFFUSION_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        try {
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IOException("app/java-opts.sh gave no options for " + role + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return List.of(out.split("\\s+"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /health} answers 200, or fails with the process' output. */
    DistributionProcess awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not healthy after " + timeout + ":\n" + output());
    }

    /** Waits until the output contains {@code text}. */
    DistributionProcess awaitOutput(String text, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (output().contains(text)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + text + "' after " + timeout + ":\n" + output());
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    long pid() {
        return process.pid();
    }

    /** The process' resident memory in KiB, from {@code /proc}. */
    long residentKib() throws IOException {
        return statusKib("VmRSS:");
    }

    /** The most resident memory the process has had since it started, in KiB, from {@code /proc}. */
    long peakResidentKib() throws IOException {
        return statusKib("VmHWM:");
    }

    private long statusKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " for process " + process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + timeout);
        }
        return process.exitValue();
    }

    /** SIGKILL: the process dies without any chance to clean up, like a crashed node. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: a graceful stop. */
    /**
     * Sends SIGTERM and waits for the process to end by itself; false (and then killed) when it did not within
     * {@code timeout}. For tests that a process really stops when asked, as an orchestrator asks it.
     */
    public boolean stopsWithin(Duration timeout) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
