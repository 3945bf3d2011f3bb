package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddiffusion.app.NodeProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin dashboard in a real browser: the packaged {@code serve} runs a long task with progress and a failed one,
 * and {@code src/test/browser/dashboard.test.mjs} drives Debian's Chromium through playwright-core against it (sign
 * in, the tasks listed, progress moving, the failure shown as text, cancel from the page). Needs {@code node} and
 * {@code /usr/bin/chromium} ({@code .ci/run} installs both); the npm package is installed from the lock file when
 * missing.
 */
class DashboardIT {
    private static final Duration START = Duration.ofSeconds(60);
    /** playwright-core as the lock file pins it (no browser download: the test uses Debian's Chromium). */
    private static final NodeProject BROWSER_TESTS = new NodeProject(Path.of("src/test/browser"),
            "playwright-core");
    /** What the failed task's error holds: markup that must reach the page as text, never as elements or script. */
    private static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><b>bold</b>";

    @TempDir
    Path dir;

    @Test
    void theAdminWatchesTasksAndCancelsOneInChromium() throws Exception {
        int port = DistributionProcess.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("DDIFFUSION_PORT", String.valueOf(port));
        env.put("DDIFFUSION_HANDLER_PLUGINS", DistributionIT.pluginPath());
        env.put("DDIFFUSION_HEARTBEAT_MS", "200");
        try (DistributionProcess serve = DistributionProcess.start(dir, env, "serve")) {
            serve.awaitHealthy(START);
            String admin = Files.readString(dir.resolve("data/admin.key")).strip();
            E2eClient client = new E2eClient(serve, admin);
            client.newKey("artist");
            String failed = client.submit("images", Map.of("model", "sd-xl", "prompt", "fail=" + HOSTILE));
            assertThat(client.awaitFinished("images", failed, START).get("status").asText()).isEqualTo("FAILURE");
            String running = client.submit("images", Map.of("model", "sd-xl", "prompt", "sleep=120000;steps=1200"));
            await().atMost(START).until(() -> "STARTED".equals(client.status("images", running)));

            Path screenshot = Path.of("target/dashboard.png").toAbsolutePath();
            Map<String, String> browserEnv = Map.of("DD_URL", serve.baseUrl(), "DD_ADMIN_KEY", admin,
                    "DD_RUNNING_TASK", running, "DD_FAILED_TASK", failed, "DD_FAILED_ERROR", HOSTILE,
                    "DD_SCREENSHOT", screenshot.toString());
            NodeProject.Result result = BROWSER_TESTS.node(browserEnv, Duration.ofMinutes(3), "dashboard.test.mjs");

            assertThat(result.exit()).as("the browser test's output:%n%s", result.output()).isZero();
            assertThat(result.output()).contains("ok - cancelling from the page revokes the task");
            JsonNode cancelled = client.task("images", running);
            assertThat(cancelled.get("status").asText()).isEqualTo("REVOKED");
            assertThat(cancelled.get("logs").toString()).contains("Cancelled by an admin");
            assertThat(screenshot).isNotEmptyFile();
        }
    }
}
