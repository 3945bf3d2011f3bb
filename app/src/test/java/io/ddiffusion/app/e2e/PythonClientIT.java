package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every Python test of the clients with python3 against the packaged {@code serve}, started here with the test
 * handler plugin and a small task backlog (for the 429 scenario): clients/python (the generated layer, the SDK, the
 * CLI), clients/nuke (the Nuke tools on a fake {@code nuke} module) and clients/houdini (the Houdini tools on a fake
 * {@code hou}). No Python test may be skipped: the ones that need the server get it.
 */
class PythonClientIT {
    private static final int BACKLOG_LIMIT = 4;
    private static final Path CLIENTS = Path.of("..", "clients").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theSdkCliAndDccToolsPassTheirTestsAgainstTheRealServer() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        env.put("TASK_BACKLOG_LIMIT", String.valueOf(BACKLOG_LIMIT));
        try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
            serve.awaitHealthy(Duration.ofSeconds(60));
            for (String client : List.of("python", "nuke", "houdini")) {
                runTests(client, serve);
            }
        }
    }

    private void runTests(String client, DistributionProcess serve) throws Exception {
        Path log = dir.resolve(client + "-tests.log");
        ProcessBuilder python = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-v")
                .directory(CLIENTS.resolve(client).toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        python.environment().put("DDIFFUSION_TEST_API_ADDRESS", serve.baseUrl());
        python.environment().put("DDIFFUSION_TEST_ADMIN_KEY", Files.readString(dir.resolve("data/admin.key"))
                .strip());
        python.environment().put("DDIFFUSION_TEST_BACKLOG_LIMIT", String.valueOf(BACKLOG_LIMIT));
        python.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process run = python.start();
        boolean ended = run.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println("clients/" + client + ":\n" + output);
        assertThat(ended).as("the %s tests ended", client).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("\nOK").doesNotContain("skipped");
    }
}
