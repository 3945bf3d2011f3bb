package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every Python test of clients/python (the generated layer, the SDK, the CLI) with python3 against the packaged
 * {@code serve}, started here with the test handler plugin and a small task backlog (for the 429 scenario). No Python
 * test may be skipped: the ones that need the server get it.
 */
class PythonClientIT {
    private static final int BACKLOG_LIMIT = 4;
    private static final Path CLIENT = Path.of("..", "clients", "python").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theSdkAndCliPassTheirTestsAgainstTheRealServer() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
        env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        env.put("TASK_BACKLOG_LIMIT", String.valueOf(BACKLOG_LIMIT));
        try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
            serve.awaitHealthy(Duration.ofSeconds(60));
            ProcessBuilder python = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-v")
                    .directory(CLIENT.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("python-tests.log").toFile());
            python.environment().put("DDIFFUSION_TEST_API_ADDRESS", serve.baseUrl());
            python.environment().put("DDIFFUSION_TEST_ADMIN_KEY", Files.readString(dir.resolve("data/admin.key"))
                    .strip());
            python.environment().put("DDIFFUSION_TEST_BACKLOG_LIMIT", String.valueOf(BACKLOG_LIMIT));
            python.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process run = python.start();
            boolean ended = run.waitFor(10, TimeUnit.MINUTES);
            String log = Files.readString(dir.resolve("python-tests.log"));
            System.out.println(log);
            assertThat(ended).as("the Python tests ended").isTrue();
            assertThat(run.exitValue()).as(log).isZero();
            assertThat(log).contains("\nOK").doesNotContain("skipped");
        }
    }
}
