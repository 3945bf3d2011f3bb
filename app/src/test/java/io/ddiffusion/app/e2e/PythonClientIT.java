package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.worker.providers.openai.OpenAiEmulator;
import io.ddiffusion.worker.providers.replicate.ReplicateEmulator;
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

    /**
     * The original's integration scenarios (flux-1-pro, gpt-4 with an image, runway-gen-4 image-to-video) through the
     * real provider handlers, Replicate and OpenAI played by their emulators; one scenario class per emulator plan.
     */
    @Test
    void theOriginalsIntegrationScenariosPassOnTheRealProviderHandlers() throws Exception {
        try (ReplicateEmulator replicate = new ReplicateEmulator(); OpenAiEmulator openAi = OpenAiEmulator.start()) {
            Map<String, String> env = new HashMap<>();
            env.put("DDIFFUSION_PORT", String.valueOf(DistributionProcess.freePort()));
            env.put("REPLICATE_API_TOKEN", ReplicateEmulator.TOKEN);
            env.put("REPLICATE_BASE_URL", replicate.baseUrl());
            env.put("OPENAI_API_KEY", OpenAiEmulator.KEY);
            env.put("OPENAI_BASE_URL", openAi.baseUrl());
            env.put("DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS", "true");
            try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
                serve.awaitHealthy(Duration.ofSeconds(60));
                List<String> logs = List.of("Using seed: 42\n", "50%|#####     | 10/20\n", "100%|##########| 20/20\n");
                replicate.plan(ReplicateEmulator.Plan.succeed(ReplicateEmulator.Output.PNG).withLogs(3, logs));
                runTests("python", serve, "provider_tests.test_original_scenarios.ImageScenario");
                openAi.answer("A small gradient.");
                runTests("python", serve, "provider_tests.test_original_scenarios.TextScenario");
                replicate.plan(ReplicateEmulator.Plan.succeed(ReplicateEmulator.Output.MP4).withLogs(3, logs));
                runTests("python", serve, "provider_tests.test_original_scenarios.VideoScenario");
            }
            assertThat(replicate.violations()).isEmpty();
            assertThat(openAi.violations()).isEmpty();
        }
    }

    private void runTests(String client, DistributionProcess serve) throws Exception {
        runTests(client, serve, null);
    }

    /** Runs {@code only} (a test module or class), or every test under the client's tests/ when null. */
    private void runTests(String client, DistributionProcess serve, String only) throws Exception {
        Path log = dir.resolve(client + "-" + (only == null ? "tests" : only) + ".log");
        List<String> command = only == null ? List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-v")
                : List.of("python3", "-m", "unittest", "-v", only);
        ProcessBuilder python = new ProcessBuilder(command)
                .directory(CLIENTS.resolve(client).toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        python.environment().put("DDIFFUSION_TEST_API_ADDRESS", serve.baseUrl());
        python.environment().put("DDIFFUSION_TEST_PROVIDERS_ADDRESS", serve.baseUrl());
        python.environment().put("DDIFFUSION_TEST_ADMIN_KEY", Files.readString(dir.resolve("data/admin.key"))
                .strip());
        python.environment().put("DDIFFUSION_TEST_BACKLOG_LIMIT", String.valueOf(BACKLOG_LIMIT));
        python.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process run = python.start();
        boolean ended = run.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println("clients/" + client + (only == null ? "" : " " + only) + ":\n" + output);
        assertThat(ended).as("the %s tests ended", client).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("\nOK").doesNotContain("skipped");
    }
}
