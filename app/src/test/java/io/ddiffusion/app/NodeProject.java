package io.ddiffusion.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A folder of JavaScript the tests run with Node.js (the dashboard's browser test, the manifests' schema check):
 * its npm packages are installed from its lock file when missing, then a script runs with {@code node}.
 *
 * @param dir the folder, holding package.json and package-lock.json
 * @param marker a package whose folder under node_modules shows the install was done
 */
public record NodeProject(Path dir, String marker) {

    /** What a script printed (stdout and stderr together) and its exit status; -1 when it was killed. */
    public record Result(int exit, String output) {
    }

    /** Runs {@code node ARGS} in the folder with {@code env} added, killing it after {@code timeout}. */
    public Result node(Map<String, String> env, Duration timeout, String... args) throws Exception {
        install();
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(Arrays.asList(args));
        return run(command, env, timeout);
    }

    private void install() throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules").resolve(marker))) {
            return;
        }
        Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(3));
        assertThat(npm.exit()).as("npm ci in %s:%n%s", dir, npm.output()).isZero();
    }

    private Result run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        Path log = Files.createTempFile("dd-node-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError(command.getFirst() + " is needed for the tests in " + dir + " (.ci/run "
                        + "installs Node.js, npm and Debian's chromium): " + e.getMessage(), e);
            }
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
            return new Result(p.isAlive() ? -1 : p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
