package io.ddiffusion.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM options the launcher picks per role (app/java-opts.sh); the e2e tests start every process with them. */
class LauncherJavaOptionsTest {

    @Test
    void theWorkerReturnsIdleMemoryWithG1() throws IOException {
        assertThat(DistributionProcess.launcherJavaOptions("worker"))
                .contains("-XX:+UseG1GC", "-Xms16m", "-XX:MaxHeapFreeRatio=30", "-XX:G1PeriodicGCInterval=5000",
                        "-XX:TrimNativeHeapInterval=5000")
                .doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void processesThatRunTasksSurviveAnOutOfMemoryTheOthersExit() throws IOException {
        for (String role : List.of("worker", "serve")) {
            assertThat(DistributionProcess.launcherJavaOptions(role)).as(role)
                    .doesNotContain("-XX:+ExitOnOutOfMemoryError");
        }
        for (String role : List.of("api", "keys", "models")) {
            assertThat(DistributionProcess.launcherJavaOptions(role)).as(role)
                    .contains("-XX:+ExitOnOutOfMemoryError");
        }
    }

    @Test
    void serveTheApiAndTheCommandsRunTheSerialCollector() throws IOException {
        for (String role : List.of("serve", "api", "keys", "models")) {
            assertThat(DistributionProcess.launcherJavaOptions(role)).as(role)
                    .contains("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50")
                    .doesNotContain("-XX:+UseG1GC");
        }
    }

    @Test
    void serveAndTheApiKeepTheirYoungGenerationAndGiveTheHeapBackInOneFullCollection() throws IOException {
        for (String role : List.of("serve", "api")) {
            assertThat(DistributionProcess.launcherJavaOptions(role)).as(role)
                    .contains("-Xmn32m", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps");
        }
    }

    @Test
    void ddiffusionJavaOptsReplacesThemForEveryRole() throws IOException {
        for (String role : List.of("api", "worker", "serve")) {
            assertThat(DistributionProcess.launcherJavaOptions(role, "-Xmx1g -XX:+UseZGC")).as(role)
                    .containsExactly("-Xmx1g", "-XX:+UseZGC");
        }
    }
}
